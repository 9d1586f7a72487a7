#pragma once
// Log compaction (cleanup.policy=compact): the log keeps at least the last
// record of every key. One pass over a group's committed log learns each
// key's last offset (the scan), then rewrites every batch that holds an
// older record of a key, or a tombstone past its retention, without those
// records (messages/record_batch_compact.hpp). Entries, raft indexes,
// terms and offsets stay where they are: a consumer sees gaps, as in Kafka.
//
// The writer runs a pass one bounded step at a time between group commits,
// in the commit's own transaction (as retention), and throttles it by bytes
// per second: appends wait at most one step, and a reader, on its own LMDB
// snapshot, sees the log before or after a step, both consistent (a record
// goes only once a later one of its key is in the log).
//
// Records without a key are kept (the leader refuses them on compacted
// topics; older ones stay), and so is the log's last record. A tombstone
// goes once delete.retention.ms has passed since it was appended here (the
// entry's append time), so a consumer reading from the start within that
// time still sees the delete.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "messages/record_batch.hpp"
#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"

namespace strom::storage {

struct compaction_policy {
  bool enabled = false;
  // delete.retention.ms: how long a tombstone stays after its append.
  int64_t tombstone_retention_ms = 86'400'000;
};

struct compaction_limits {
  // Entries read or rewritten in one step.
  uint64_t step_entries_max = 1024;
  // Payload bytes read or rewritten in one step.
  uint64_t step_bytes_max = uint64_t{1} << 20;
  // The scan's memory (keys and their offsets); a full map ends the pass's
  // range early, and the next pass goes on from there.
  uint64_t key_map_bytes_max = uint64_t{64} << 20;
  // A pass starts when committed entries wait uncompacted and either they
  // are as many as the compacted ones or the last pass ended this long ago.
  int64_t pass_interval_ms = 2000;
};

struct compaction_step {
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
  uint64_t records_removed = 0;
  uint64_t batches_rewritten = 0;
  // True while the pass goes on: call again.
  bool more = false;
};

// One group's compaction, kept by the writer between steps.
class group_compaction {
public:
  // `commit` is the group's commit index as its replica last told it, when
  // ahead of the stored one (which trails by a write: raft/driver.hpp).
  // Whether a pass should start now (nothing is running).
  result<bool> due(const databases& dbs, MDB_txn* t, group_id group,
                   const compaction_limits& limits, int64_t now_ms,
                   std::optional<raft_index> commit) const;
  // Starts a pass when due, or goes on with the running one: one step.
  result<compaction_step> step(const databases& dbs, MDB_txn* t, group_id group,
                               const compaction_policy& policy,
                               const compaction_limits& limits, int64_t now_ms,
                               std::optional<raft_index> commit);
  bool running() const { return phase_ != phase::idle; }
  // The end of the last finished pass: everything up to it is compacted.
  std::optional<raft_index> clean_upto() const { return clean_upto_; }

private:
  enum class phase { idle, scan, rewrite };

  result<bool> start(const databases& dbs, MDB_txn* t, group_id group,
                     std::optional<raft_index> commit);
  result<compaction_step> scan(const databases& dbs, MDB_txn* t, group_id group,
                               const compaction_limits& limits, int64_t now_ms);
  result<compaction_step> rewrite(const databases& dbs, MDB_txn* t, group_id group,
                                  const compaction_policy& policy,
                                  const compaction_limits& limits, int64_t now_ms);
  bool keeps(const stored_record& r, bool tombstones_expired) const;
  void note_young_tombstone(int64_t due_ms);
  void finish(int64_t now_ms);

  phase phase_ = phase::idle;
  raft_index next_{0};
  raft_index end_{0};
  std::unordered_map<std::string, int64_t> last_offset_of_key_;
  uint64_t key_map_bytes_ = 0;
  std::optional<raft_index> clean_upto_;
  int64_t last_pass_end_ms_ = 0;
  // When the first tombstone the last pass kept may go.
  std::optional<int64_t> tombstone_due_ms_;
};

} // namespace strom::storage
