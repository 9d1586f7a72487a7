#pragma once
// raft::log_view over a node's LMDB store: what the raft core reads of its
// group's durable log. The replica actor is its only user; writes go through
// the storage writer, never through here.

#include <map>
#include <optional>
#include <vector>

#include "messages/raft/hard_state.hpp"
#include "actors/raft/log_view.hpp"
#include "storage/log_store.hpp"
#include "storage/raft_state.hpp"

namespace strom {

class storage_log_view : public raft::log_view {
public:
  storage_log_view(storage::env& environment, group_id group);

  raft_index first_index() const override;
  raft_index last_index() const override;
  std::optional<term_id> term_at(raft_index index) const override;
  std::vector<raft::entry> entries(raft_index low, raft_index high,
                                   size_t max_bytes) const override;
  raft::snapshot_meta last_snapshot_meta() const override;
  raft::snapshot last_snapshot() const override;

  // The saved hard state, in the core's terms.
  raft::hard_state saved_hard_state() const;
  // The replica stored a new snapshot: the cached meta is stale.
  void forget_snapshot() { snapshot_meta_.reset(); }
  // The replica's entries (or a snapshot) landed: the cached end is stale.
  void forget_last_index() { last_index_.reset(); }
  // The replica's entries landed, replacing any from the first one's index
  // on: their terms are known without reading them back.
  void stored(const std::vector<raft::entry>& entries);
  // A snapshot replaced the log: no cached term holds.
  void forget_terms() { terms_.clear(); }
  // The replica is writing its own snapshot at `meta` and dropping the log
  // it covers; nothing once that landed. Meanwhile the entry at meta.index
  // may already be gone from the store while the cached snapshot meta is the
  // older one, and the core may still ask its term (the committed index).
  void compacting(std::optional<raft::snapshot_meta> meta) { compacting_ = std::move(meta); }

private:
  // A read that fails (a damaged entry) is a broken invariant of the node,
  // not a condition the core can handle: it aborts with the error.
  template <class T>
  static T checked(result<T> r);

  storage::env& env_;
  group_id group_;
  storage::log_store log_;
  storage::raft_state_store state_;
  // term_at() asks for it on every call; the record holds the whole snapshot.
  mutable std::optional<raft::snapshot_meta> snapshot_meta_;
  std::optional<raft::snapshot_meta> compacting_;
  // The core asks for it many times per message, and each ask would be a
  // read transaction; only the replica's own writes move it (retention
  // drops from the front).
  mutable std::optional<raft_index> last_index_;
  // Terms of the latest entries. The core asks for them on every append
  // and answer, and reading one back means reading (and checking the CRC
  // of) the whole entry, batch and all. Bounded; only the replica's own
  // writes change a stored term.
  static constexpr size_t cached_terms_max = 4096;
  mutable std::map<raft_index, term_id> terms_;
  void remember_term(raft_index index, term_id term) const;
};

} // namespace strom
