#pragma once
// Committed offsets of the groups one coordinator serves, per (group, topic,
// partition), as Kafka's offset cache. A commit is checked first
// (prepare_commit: fencing through the group, sizes), written to
// __consumer_offsets by the actor, and applied once written (apply), so the
// table only ever holds what a new coordinator would replay.
//
// auto.offset.reset is the client's business: fetch() says when nothing was
// committed, and the client then starts at the earliest or latest offset.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/group/group_state.hpp"

namespace strom {

struct offset_limits {
  size_t metadata_bytes_max = 4096; // Kafka's offset.metadata.max.bytes
  size_t partitions_per_commit_max = 10'000;
};

struct committed_offset {
  record_offset offset;
  std::string metadata;
  int64_t commit_time_ms = 0;

  friend bool operator==(const committed_offset& a, const committed_offset& b) {
    return a.offset == b.offset && a.metadata == b.metadata
           && a.commit_time_ms == b.commit_time_ms;
  }
};

struct offset_key {
  std::string group;
  topic_partition partition;

  friend bool operator<(const offset_key& a, const offset_key& b) {
    return std::tie(a.group, a.partition) < std::tie(b.group, b.partition);
  }
  friend bool operator==(const offset_key& a, const offset_key& b) {
    return a.group == b.group && a.partition == b.partition;
  }
};

// One committed offset, as written and applied.
struct offset_commit {
  offset_key key;
  committed_offset value;
};

struct partition_commit {
  topic_partition partition;
  record_offset offset;
  std::string metadata;
};

struct offset_commit_request {
  std::string group;
  member_id member;                         // empty for a simple commit
  generation_id generation = no_generation; // -1 for a simple commit
  std::vector<partition_commit> partitions;
};

class offset_table {
public:
  explicit offset_table(offset_limits limits = {}) : limits_(limits) {}

  // The commits to write, stamped now_ms; nothing changes yet. `group` is
  // the request's group when the coordinator holds one (nullptr: none,
  // which takes simple commits only). Its fencing errors (unknown_member,
  // illegal_generation, rebalance_in_progress, coordinator_not_available);
  // bad_request for a negative offset, too many partitions or metadata over
  // the limit.
  result<std::vector<offset_commit>> prepare_commit(const group_state* group,
                                                    const offset_commit_request& request,
                                                    int64_t now_ms) const;
  // A commit that is in the log.
  void apply(const offset_commit& commit);
  // An offset tombstone that is in the log.
  void erase(const offset_key& key);

  // nullopt: nothing committed (the client applies auto.offset.reset).
  std::optional<committed_offset> fetch(const std::string& group,
                                        const topic_partition& partition) const;
  std::map<topic_partition, committed_offset> fetch_group(const std::string& group) const;
  // The group's offsets to tombstone when it is deleted (in key order);
  // erase() each once its tombstone is written.
  std::vector<offset_key> group_keys(const std::string& group) const;
  std::vector<std::string> groups() const;

private:
  offset_limits limits_;
  std::map<std::string, std::map<topic_partition, committed_offset>, std::less<>> offsets_;
};

} // namespace strom
