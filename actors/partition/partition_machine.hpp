#pragma once
// A partition's data state machine. Two views of the same log:
//
// - committed: what every replica applies from the committed raft log, in
//   order: the high watermark (one past the last committed record) and the
//   idempotent producers. Followers and the leader agree on it.
// - the leader's: the committed view plus the entries the leader appended
//   that are not committed yet. The leader stamps each new batch's base
//   offset from it and checks producer sequences against it, so a retry of a
//   batch still in flight is recognised. It is rebuilt from the raft log when
//   the term or the log's end moved without this machine (a new leader, its
//   no-op entry), so it is always the leader's log as it is.
//
// Pure: the replica actor hands it entries and a reader of its raft log.

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/partition/producer_table.hpp"
#include "actors/replica/state_machine.hpp"
#include "messages/record_batch.hpp"
#include "messages/result.hpp"
#include "messages/topic_config.hpp"

namespace strom {

struct partition_settings {
  batch_limits limits;
  // Kafka's message.timestamp.type=LogAppendTime: the leader's clock wins.
  bool log_append_time = false;
  // acks=all is answered once this many replicas hold the batch (and a
  // majority: raft's commit), refused while fewer are in sync.
  int32_t min_insync_replicas = 1;
  // cleanup.policy=compact: a record without a key is refused (compaction
  // keeps the last record of each key, and such a record has none).
  bool keys_required = false;
};

// The settings a topic's config gives its partitions.
partition_settings partition_settings_for(const topic_config& config);

// The entries of the raft log in [from, to] (any that the log still holds).
using raft_log_reader = std::function<std::vector<raft::entry>(raft_index from, raft_index to)>;

// Where the leader's log ends when it admits a batch.
struct leader_position {
  term_id term;
  raft_index last_index;
};

// The batch is new: it was stamped in place and goes into the log at
// last_index + 1.
struct admitted_batch {
  batch_header header;
};
// The batch repeats one in the log: answer with that one, append nothing.
struct duplicate_batch {
  raft_index index;
  record_offset base_offset;
};
using admission = std::variant<admitted_batch, duplicate_batch>;

class partition_machine final : public state_machine {
public:
  explicit partition_machine(partition_settings settings = {});

  // --- state_machine --------------------------------------------------------
  void apply(const raft::entry& committed) override;
  std::string snapshot() const override;
  void restore(const std::string& bytes) override;
  std::string describe() const override;
  std::optional<record_offset> last_offset_of(const raft::entry& e) const override;

  // --- the committed view ----------------------------------------------------
  record_offset high_watermark() const { return committed_.next_offset; }
  raft_index applied_index() const { return committed_.index; }
  const producer_table& producers() const { return committed_.producers; }

  // --- the leader's view ----------------------------------------------------
  // Validates the batch (size, CRC, structure: record_too_large, bad_request),
  // checks its producer sequence (see producer_table::check) and stamps it
  // with its base offset and the term. On error nothing changed.
  result<admission> admit(std::string& batch, const leader_position& at,
                          const raft_log_reader& read, int64_t now_ms);
  // One past the last record in the leader's log (committed or not).
  record_offset log_end_offset(const leader_position& at, const raft_log_reader& read);
  // The batch admit() stamped never reached the log (the core refused it).
  void forget_leader_view() { leader_.reset(); }

  const partition_settings& settings() const { return settings_; }
  // A topic config change: taken by the next batch admitted.
  void configure(const partition_settings& settings) { settings_ = settings; }

private:
  struct log_view_state {
    record_offset next_offset{0};
    raft_index index{0}; // the last entry taken into account
    producer_table producers;
  };
  struct leader_view : log_view_state {
    term_id term;
  };

  static void take(log_view_state& view, const batch_header& header, raft_index index);
  leader_view& view_at(const leader_position& at, const raft_log_reader& read);

  partition_settings settings_;
  log_view_state committed_;
  std::optional<leader_view> leader_;
};

} // namespace strom
