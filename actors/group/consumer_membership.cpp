#include "actors/group/consumer_membership.hpp"

#include <algorithm>

namespace strom {

const char* to_string(member_phase phase) {
  switch (phase) {
    case member_phase::idle: return "idle";
    case member_phase::joining: return "joining";
    case member_phase::syncing: return "syncing";
    case member_phase::stable: return "stable";
  }
  return "?";
}

consumer_membership::consumer_membership(membership_timing timing)
  : timing_(timing), lease_(timing.session_timeout_ms) {}

bool consumer_membership::may_join(int64_t now_ms) const {
  return phase_ == member_phase::idle && now_ms >= not_before_ms_;
}

bool consumer_membership::heartbeat_due(int64_t now_ms, bool owns_partitions) const {
  bool joined = phase_ == member_phase::joining && (owns_partitions || !member_.value().empty());
  bool beats = phase_ == member_phase::stable || phase_ == member_phase::syncing || joined;
  return beats && !heartbeat_in_flight_ && now_ms >= next_heartbeat_ms_;
}

membership_request consumer_membership::sent(int64_t now_ms, node_id coordinator) {
  return {++requests_sent_, now_ms, coordinator};
}

membership_request consumer_membership::join_sent(int64_t now_ms, node_id coordinator) {
  phase_ = member_phase::joining;
  next_heartbeat_ms_ = std::min(next_heartbeat_ms_, now_ms + timing_.heartbeat_interval_ms);
  membership_in_flight_ = sent(now_ms, coordinator);
  return *membership_in_flight_;
}

membership_request consumer_membership::sync_sent(int64_t now_ms, node_id coordinator) {
  phase_ = member_phase::syncing;
  next_heartbeat_ms_ = now_ms + timing_.heartbeat_interval_ms;
  membership_in_flight_ = sent(now_ms, coordinator);
  return *membership_in_flight_;
}

membership_request consumer_membership::heartbeat_sent(int64_t now_ms, node_id coordinator) {
  heartbeat_in_flight_ = sent(now_ms, coordinator);
  return *heartbeat_in_flight_;
}

void consumer_membership::give_up_membership_request(int64_t now_ms, int64_t backoff_ms) {
  membership_in_flight_.reset();
  phase_ = member_phase::idle;
  not_before_ms_ = now_ms + backoff_ms;
}

bool consumer_membership::answers_membership(const membership_request& request) const {
  return membership_in_flight_ && membership_in_flight_->number == request.number;
}

after_join consumer_membership::on_joined(const membership_request& join, member_id member,
                                          generation_id generation, bool member_id_required) {
  if (!answers_membership(join))
    return after_join::stale;
  membership_in_flight_.reset();
  member_ = std::move(member);
  // A new member's id comes first (KIP-394): it joins again with it, and
  // can leave by it if it closes while the group forms.
  if (member_id_required)
    return after_join::join_again;
  generation_ = generation;
  lease_.confirmed(join.sent_ms);
  return after_join::sync;
}

bool consumer_membership::on_synced(const membership_request& sync, generation_id generation,
                                    int64_t now_ms) {
  if (!answers_membership(sync))
    return false;
  membership_in_flight_.reset();
  lease_.confirmed(sync.sent_ms);
  phase_ = member_phase::stable;
  generation_ = generation;
  next_heartbeat_ms_ = now_ms + timing_.heartbeat_interval_ms;
  return true;
}

after_failure consumer_membership::on_failed(const membership_request& request, errc code,
                                             int64_t now_ms) {
  if (!answers_membership(request))
    return after_failure::nothing;
  membership_in_flight_.reset();
  return group_error(code, now_ms);
}

void consumer_membership::on_heartbeat_ok(const membership_request& heartbeat, int64_t now_ms) {
  if (!heartbeat_in_flight_ || heartbeat_in_flight_->number != heartbeat.number)
    return;
  heartbeat_in_flight_.reset();
  next_heartbeat_ms_ = now_ms + timing_.heartbeat_interval_ms;
  lease_.confirmed(heartbeat.sent_ms);
  // The coordinator is on another node now, and has this member in a
  // generation it knows: the join or sync parked at the old one is no
  // longer the group's, and the new one would never ask for a rejoin.
  if (phase_ != member_phase::stable && membership_in_flight_
      && membership_in_flight_->coordinator != heartbeat.coordinator)
    give_up_membership_request(now_ms, 0);
}

after_failure consumer_membership::on_connection_lost(node_id node, int64_t now_ms) {
  if (heartbeat_in_flight_ && heartbeat_in_flight_->coordinator == node) {
    heartbeat_in_flight_.reset();
    next_heartbeat_ms_ = std::min(next_heartbeat_ms_, now_ms + timing_.retry_backoff_ms);
  }
  if (!membership_in_flight_ || membership_in_flight_->coordinator != node)
    return after_failure::nothing;
  give_up_membership_request(now_ms, timing_.retry_backoff_ms);
  return after_failure::find_coordinator;
}

after_failure consumer_membership::on_heartbeat_failed(const membership_request& heartbeat,
                                                       errc code, int64_t now_ms) {
  if (!heartbeat_in_flight_ || heartbeat_in_flight_->number != heartbeat.number)
    return after_failure::nothing;
  heartbeat_in_flight_.reset();
  next_heartbeat_ms_ = now_ms + timing_.retry_backoff_ms;
  bool group_answer = code == errc::rebalance_in_progress || code == errc::unknown_member
                      || code == errc::illegal_generation || code == errc::fenced_instance_id;
  bool parked_before = membership_in_flight_ && membership_in_flight_->number < heartbeat.number;
  if (!group_answer) {
    // The coordinator moved, or is gone: a join or sync parked there would
    // be waited out to its timeout (a minute and more); give it up, find
    // the coordinator, join again.
    if (phase_ != member_phase::stable && parked_before)
      give_up_membership_request(now_ms, timing_.retry_backoff_ms);
    return after_failure::find_coordinator;
  }
  if (phase_ != member_phase::stable) {
    // A join or sync sent after this heartbeat gets its own answer.
    if (membership_in_flight_ && membership_in_flight_->number > heartbeat.number)
      return after_failure::nothing;
    // One sent before it is not (or no longer) the group's: give it up and
    // rejoin rather than wait for its timeout.
    membership_in_flight_.reset();
  }
  return group_error(code, now_ms);
}

after_failure consumer_membership::group_error(errc code, int64_t now_ms) {
  phase_ = member_phase::idle;
  not_before_ms_ = now_ms + timing_.retry_backoff_ms;
  switch (code) {
    case errc::unknown_member:
    case errc::illegal_generation:
    case errc::fenced_instance_id:
      lease_.end();
      if (code == errc::unknown_member)
        member_ = member_id{};
      generation_ = no_generation;
      return after_failure::lose_everything;
    case errc::rebalance_in_progress: not_before_ms_ = now_ms; return after_failure::rejoin;
    default: return after_failure::find_coordinator;
  }
}

void consumer_membership::lease_lost(int64_t now_ms) {
  lease_.end();
  if (phase_ != member_phase::stable)
    return;
  phase_ = member_phase::idle;
  not_before_ms_ = now_ms;
}

void consumer_membership::rejoin() {
  // A join or sync in flight speaks for the old subscription: its answer
  // is stale, and the member joins again at once with the new one.
  membership_in_flight_.reset();
  phase_ = member_phase::idle;
  not_before_ms_ = 0;
}

} // namespace strom
