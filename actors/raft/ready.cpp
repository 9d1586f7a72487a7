// The core's side of the driver contract in ready.hpp: hand out what to
// persist, send and apply, and settle it when the driver says it is done.

#include "actors/raft/core.hpp"

#include "messages/check.hpp"

namespace strom::raft {

bool core::has_ready() const {
  if (outstanding_.active)
    return false;
  return current_hard_state() != saved_hard_state_ || !outbox_.empty()
         || !log_.unstable_entries().empty() || log_.unstable_snapshot().has_value()
         || log_.has_next_committed();
}

ready core::take_ready() {
  STROM_CHECK(!outstanding_.active);
  ready rd;
  auto state = current_hard_state();
  if (state != saved_hard_state_) {
    rd.hard_state = state;
    saved_hard_state_ = state;
  }
  rd.snapshot = log_.unstable_snapshot();
  rd.entries = log_.unstable_entries();
  rd.committed_entries = log_.next_committed(cfg_.max_apply_bytes);
  rd.messages = std::move(outbox_);
  outbox_.clear();
  outstanding_ = outstanding{};
  outstanding_.active = true;
  if (!rd.entries.empty()) {
    outstanding_.last_entry_index = rd.entries.back().index;
    outstanding_.last_entry_term = rd.entries.back().term;
  }
  if (rd.snapshot) {
    outstanding_.has_snapshot = true;
    outstanding_.snapshot_index = rd.snapshot->meta.index;
  }
  if (!rd.committed_entries.empty())
    outstanding_.last_committed_index = rd.committed_entries.back().index;
  return rd;
}

void core::advance() {
  STROM_CHECK(outstanding_.active);
  auto done = outstanding_;
  outstanding_ = outstanding{};
  if (done.has_snapshot) {
    log_.stable_snapshot_to(done.snapshot_index);
    if (!log_.unstable_snapshot() && log_.first_index() == done.snapshot_index.next())
      persisted_index_ = std::max(persisted_index_, done.snapshot_index);
    log_.applied_to(std::max(log_.applied(), done.snapshot_index));
  }
  // Entries replaced while the driver wrote them stay unstable and come
  // again in the next ready.
  if (done.last_entry_index > raft_index{0}
      && log_.stable_to(done.last_entry_index, done.last_entry_term))
    persisted_index_ = done.last_entry_index;
  if (done.last_committed_index > raft_index{0})
    log_.applied_to(done.last_committed_index);
  if (role_ != raft::role::leader)
    return;
  // The leader counts itself towards a majority only for what it has durably.
  progress_.at(cfg_.id).maybe_update(persisted_index_);
  if (advance_commit_index())
    broadcast_append(true);
}

std::vector<message> core::take_leader_messages(const hard_state& durable) {
  std::vector<message> out;
  if (role_ != raft::role::leader || durable.current_term != current_term_
      || durable.voted_for != voted_for_)
    return out;
  std::vector<message> kept;
  for (auto& m : outbox_) {
    bool early = m.type == message_type::append || m.type == message_type::heartbeat;
    (early ? out : kept).push_back(std::move(m));
  }
  outbox_ = std::move(kept);
  return out;
}

} // namespace strom::raft
