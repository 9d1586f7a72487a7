// The leader's step function: acknowledgements and rejections from
// followers, check-quorum, leadership transfer.

#include "actors/raft/core.hpp"

#include "messages/check.hpp"

namespace strom::raft {

void core::step_leader(const message& m) {
  switch (m.type) {
    case message_type::append_response:
      handle_append_response(m);
      break;
    case message_type::heartbeat_response:
      handle_heartbeat_response(m);
      break;
    default:
      break; // a second leader in our term cannot exist (§5.2); stale answers
  }
}

void core::handle_append_response(const message& m) {
  auto it = progress_.find(m.from);
  if (it == progress_.end())
    return; // not (any more) in the membership
  auto& pr = it->second;
  pr.recent_active = true;
  if (m.reject) {
    handle_append_rejection(m, pr);
    return;
  }
  if (!pr.maybe_update(m.index))
    return; // an older or duplicated acknowledgement
  switch (pr.state) {
    case progress_state::probe:
      pr.become_replicate(); // found where the logs match: start pipelining
      break;
    case progress_state::snapshot:
      if (pr.match >= pr.pending_snapshot) {
        pr.become_probe();
        pr.become_replicate();
      }
      break;
    case progress_state::replicate:
      pr.in_flight.free_to(m.index);
      break;
  }
  if (advance_commit_index()) {
    if (role_ != raft::role::leader)
      return;
    broadcast_append(true); // followers learn the new commit index
  } else {
    send_append(m.from, pr, false);
  }
  maybe_send_timeout_now(m.from, pr);
}

void core::handle_append_rejection(const message& m, progress& pr) {
  if (pr.state == progress_state::replicate && m.index > pr.match) {
    pr.become_probe(); // an append was lost or refused: find the match again
    return send_append(m.from, pr, true);
  }
  if (pr.maybe_decrease_to(m.index, next_after_conflict(m)))
    send_append(m.from, pr, true);
}

raft_index core::next_after_conflict(const message& m) const {
  if (m.conflict_term == term_id{0})
    return m.conflict_index; // the follower's log ends before the rejected index
  // If we hold entries of the follower's conflicting term, the logs agree
  // up to our last one of them; else the whole term is to be replaced.
  auto i = std::min(m.index, log_.last_index());
  while (i >= log_.first_index().prev()) {
    auto term = log_.term_at(i);
    if (!term || *term < m.conflict_term)
      break;
    if (*term == m.conflict_term)
      return i.next();
    i = i.prev();
  }
  return m.conflict_index;
}

void core::handle_heartbeat_response(const message& m) {
  auto it = progress_.find(m.from);
  if (it == progress_.end())
    return;
  auto& pr = it->second;
  pr.recent_active = true;
  pr.probe_sent = false;
  // A full window with a live follower means appends were lost: free one
  // slot so replication can go on (the follower's answer resynchronises).
  if (pr.state == progress_state::replicate
      && pr.in_flight.full(cfg_.max_inflight_messages, cfg_.max_inflight_bytes))
    pr.in_flight.free_first();
  if (pr.match < log_.last_index())
    send_append(m.from, pr, true);
  maybe_send_timeout_now(m.from, pr);
}

void core::tick_heartbeat() {
  ++heartbeat_elapsed_;
  ++election_elapsed_;
  if (election_elapsed_ >= cfg_.election_tick) {
    election_elapsed_ = 0;
    // Dissertation §6.2: a leader that cannot reach a majority steps down,
    // so clients go looking for one that can.
    if (cfg_.check_quorum && !check_quorum_active()) {
      become_follower(current_term_, no_node);
      return;
    }
    abort_transfer(); // the target did not take over within an election timeout
  }
  for (auto& [follower, pr] : progress_) {
    // A snapshot that got lost is sent again after an election timeout.
    if (pr.state == progress_state::snapshot
        && ++pr.snapshot_elapsed_ticks >= cfg_.election_tick)
      pr.become_probe();
  }
  if (heartbeat_elapsed_ >= cfg_.heartbeat_tick) {
    heartbeat_elapsed_ = 0;
    if (can_quiesce())
      quiesce();
    else
      broadcast_heartbeat();
  }
}

bool core::check_quorum_active() {
  size_t active = 0;
  for (auto voter : voters()) {
    auto& pr = progress_.at(voter);
    if (voter == cfg_.id || pr.recent_active)
      ++active;
    if (voter != cfg_.id) {
      pr.active_last_window = pr.recent_active;
      pr.recent_active = false;
    }
  }
  return active >= voters().quorum();
}

void core::maybe_send_timeout_now(node_id to, const progress& pr) {
  if (transferee_ == to && pr.match == log_.last_index())
    send(make(message_type::timeout_now, to));
}

void core::abort_transfer() {
  transferee_ = no_node;
}

} // namespace strom::raft
