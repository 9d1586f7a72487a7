#pragma once
// The log as the core sees it: the driver's stable storage (a log_view)
// followed by entries not yet persisted (like etcd's "unstable"), plus the
// commit and apply positions. Entries leave the unstable tail only when the
// driver reports them persisted, so a crash loses exactly what the core still
// holds here, never what it already promised to others.

#include <optional>
#include <vector>

#include "messages/raft/entry.hpp"
#include "actors/raft/log_view.hpp"
#include "messages/raft/snapshot.hpp"

namespace strom::raft {

class raft_log {
public:
  explicit raft_log(const log_view& storage);

  raft_index first_index() const;
  raft_index last_index() const;
  term_id last_term() const;
  // The term at index for index in [first_index() - 1, last_index()].
  std::optional<term_id> term_at(raft_index index) const;
  bool matches(raft_index index, term_id term) const;
  // §5.4.1: a log with last entry (index, term) is at least as up to date as ours.
  bool is_up_to_date(raft_index index, term_id term) const;
  // The first of entries that we lack or hold with another term, if any.
  std::optional<raft_index> find_conflict(const std::vector<entry>& entries) const;
  // Entries in [low, high) within max_bytes (at least one), nothing when
  // low was compacted away.
  std::optional<std::vector<entry>> entries(raft_index low, raft_index high,
                                            size_t max_bytes) const;
  // The snapshot a lagging follower needs: a received one not yet persisted,
  // else the stored one.
  snapshot latest_snapshot() const;

  // Replaces everything from entries.front().index on (which must be at most
  // last_index() + 1) by entries.
  void truncate_and_append(std::vector<entry> entries);
  // Replaces the whole log by a snapshot received from a leader.
  void restore(snapshot snap);

  const std::vector<entry>& unstable_entries() const { return unstable_; }
  const std::optional<snapshot>& unstable_snapshot() const { return unstable_snapshot_; }
  // The driver persisted entries up to (index, term): forget them here unless
  // they were replaced meanwhile. Returns whether they were forgotten.
  bool stable_to(raft_index index, term_id term);
  void stable_snapshot_to(raft_index index);

  raft_index committed() const { return committed_; }
  raft_index applied() const { return applied_; }
  void commit_to(raft_index index);
  void applied_to(raft_index index);
  // Committed entries not yet handed to the driver for applying.
  bool has_next_committed() const;
  std::vector<entry> next_committed(size_t max_bytes) const;

private:
  const log_view& storage_;
  std::optional<snapshot> unstable_snapshot_;
  std::vector<entry> unstable_;
  raft_index offset_; // index of unstable_[0]; entries before it are in storage_
  raft_index committed_;
  raft_index applied_;
};

} // namespace strom::raft
