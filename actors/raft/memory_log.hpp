#pragma once
// A log_view held in memory, for unit tests and the simulator. It plays the
// part of stable storage: what is in it survives a simulated crash.

#include <vector>

#include "actors/raft/log_view.hpp"

namespace strom::raft {

class memory_log final : public log_view {
public:
  raft_index first_index() const override;
  raft_index last_index() const override;
  std::optional<term_id> term_at(raft_index index) const override;
  std::vector<entry> entries(raft_index low, raft_index high,
                             size_t max_bytes) const override;
  snapshot_meta last_snapshot_meta() const override { return snapshot_.meta; }
  raft::snapshot last_snapshot() const override { return snapshot_; }

  // The driver's writes. append() first deletes every entry at or after
  // entries.front().index, as the ready contract requires.
  void append(const std::vector<entry>& entries);
  // Replaces the whole log by a snapshot received from a leader.
  void install_snapshot(raft::snapshot snap);
  // Drops the entries a local snapshot covers; snap.meta.index must be stored.
  void compact(raft::snapshot snap);

  // Direct access for tests: the entry at index, which must be stored.
  const entry& at(raft_index index) const;

private:
  raft::snapshot snapshot_;
  std::vector<entry> entries_; // entries_[0] has index snapshot_.meta.index + 1
};

} // namespace strom::raft
