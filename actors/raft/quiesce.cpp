// Quiescence: an idle group stops exchanging heartbeats. With thousands of
// partitions per node, heartbeats and election timers of groups that carry
// no traffic are most of a node's work; a quiet group costs nothing.
//
// A leader goes quiet at a heartbeat when every follower holds its whole
// log, all of it committed, with nothing in flight and no transfer: it
// sends each follower a heartbeat flagged quiesce and stops ticking. A
// follower that holds that commit index goes quiet too and stops its
// election timer. Any message but a heartbeat's answer wakes the core, as
// do a proposal, a transfer, a membership change and the driver's wake()
// (a peer node went down or came back). A follower that did not go quiet
// times out as usual; its pre-vote wakes the leader, whose next heartbeat
// quiets it. Safety is untouched: quiescence only stops timers.

#include "actors/raft/core.hpp"

namespace strom::raft {

void core::wake() {
  if (!quiesced_)
    return;
  quiesced_ = false;
  // A full election timeout from now before anyone suspects the leader,
  // and a leader heartbeats at its next tick.
  election_elapsed_ = 0;
  heartbeat_elapsed_ = cfg_.heartbeat_tick;
}

bool core::wakes(const message& m) const {
  // The answers to the quiesce heartbeat itself keep a leader quiet.
  return !(role_ == raft::role::leader && m.type == message_type::heartbeat_response);
}

bool core::can_quiesce() const {
  if (!cfg_.quiesce || held_awake_ || role_ != raft::role::leader || transferee_ != no_node)
    return false;
  auto last = log_.last_index();
  if (log_.committed() != last || persisted_index_ != last || log_.term_at(last) != current_term_)
    return false;
  for (const auto& [follower, pr] : progress_) {
    if (follower == cfg_.id)
      continue;
    if (pr.match != last || pr.state != progress_state::replicate || pr.in_flight.count() > 0
        || !pr.recent_active)
      return false;
  }
  return true;
}

void core::quiesce() {
  for (const auto& [follower, pr] : progress_) {
    if (follower == cfg_.id)
      continue;
    auto m = make(message_type::heartbeat, follower);
    m.commit = log_.committed();
    m.quiesce = true;
    send(std::move(m));
  }
  quiesced_ = true;
}

void core::maybe_quiesce_follower(const message& heartbeat) {
  if (cfg_.quiesce && heartbeat.quiesce && log_.committed() == heartbeat.commit)
    quiesced_ = true;
}

} // namespace strom::raft
