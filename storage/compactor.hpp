#pragma once
// The writer's side of log compaction (compaction.hpp): which group steps
// next, and how fast. Lives on the writer thread; policies reach it through
// the writer (writer::set_compaction). One group compacts at a time, one
// step per commit; a token bucket holds the bytes read and rewritten to
// compaction_bytes_per_s, so compaction takes a bounded share of the
// disk's bandwidth and appends never wait more than one step.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "storage/compaction.hpp"

namespace strom::storage {

struct compactor_counters {
  uint64_t passes = 0;
  uint64_t batches_rewritten = 0;
  uint64_t records_removed = 0;
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
};

class compactor {
public:
  using clock = std::chrono::steady_clock;
  // A group's commit index as its replica last told the writer.
  using commit_lookup = std::function<std::optional<raft_index>(group_id group)>;

  compactor(compaction_limits limits, uint64_t bytes_per_s);

  // A disabled policy forgets the group (its pass stops where it is).
  void set_policy(group_id group, const compaction_policy& policy);
  // Whether a step (or a look for due groups) would run at `now`.
  bool ready(clock::time_point now) const;
  // When ready() turns true next; time_point::max() when nothing is compacted.
  clock::time_point next_at() const;
  // One step of the running group, or a look for a due one, in `t`. An
  // error leaves the caller to undo `t`; the pass goes on later.
  result<void> step(const databases& dbs, MDB_txn* t, clock::time_point now, int64_t now_ms,
                    const commit_lookup& commit_of);

  const compactor_counters& counters() const { return counters_; }

private:
  struct group_state {
    compaction_policy policy;
    group_compaction work;
  };

  result<std::optional<group_id>> find_due(const databases& dbs, MDB_txn* t, int64_t now_ms,
                                          const commit_lookup& commit_of);
  void refill(clock::time_point now);

  compaction_limits limits_;
  uint64_t bytes_per_s_;
  std::map<group_id, group_state> groups_;
  // The group whose pass is under way: one at a time.
  std::optional<group_id> running_;
  double budget_bytes_ = 0;
  clock::time_point refilled_at_ = clock::now();
  clock::time_point next_look_ = clock::now();
  // Round robin: the look for due groups starts after the last one compacted.
  group_id last_{0};
  compactor_counters counters_;
};

} // namespace strom::storage
