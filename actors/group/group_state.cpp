// group_state's rebalance: starting one, ending the join phase, computing
// the assignment, answering syncs, the cooperative follow-up, time and
// topic changes. Requests are in group_state_requests.cpp.

#include "actors/group/group_state.hpp"

#include <algorithm>

#include "actors/group/assignor_support.hpp"

namespace strom {

const char* to_string(group_phase phase) {
  switch (phase) {
    case group_phase::empty: return "empty";
    case group_phase::preparing_rebalance: return "preparing_rebalance";
    case group_phase::completing_rebalance: return "completing_rebalance";
    case group_phase::stable: return "stable";
    case group_phase::dead: return "dead";
  }
  return "unknown";
}

group_state::group_state(std::string name, group_limits limits)
  : name_(std::move(name)), limits_(limits) {}

std::set<std::string> group_state::subscribed_topics() const {
  std::set<std::string> out;
  for (const auto& [id, member] : members_)
    out.insert(member.subscription.begin(), member.subscription.end());
  return out;
}

std::optional<int64_t> group_state::next_deadline_ms() const {
  std::optional<int64_t> next;
  auto consider = [&next](int64_t at) { next = next ? std::min(*next, at) : at; };
  if (phase_ == group_phase::preparing_rebalance) {
    consider(join_ready_ms_);
    consider(join_deadline_ms());
  }
  for (const auto& [id, member] : members_)
    if (!member.awaiting_join && !member.awaiting_sync)
      consider(member.last_heartbeat_ms + member.session_timeout_ms);
  for (const auto& [tp, until] : held_)
    consider(until);
  for (const auto& [id, forget_at] : pending_members_)
    consider(forget_at);
  return next;
}

int64_t group_state::join_deadline_ms() const {
  int32_t longest = 0;
  for (const auto& [id, member] : members_)
    longest = std::max(longest, member.rebalance_timeout_ms);
  return join_started_ms_ + longest;
}

void group_state::start_rebalance(int64_t now_ms, const std::string& reason) {
  if (phase_ == group_phase::preparing_rebalance || phase_ == group_phase::dead)
    return;
  completed_.notes.push_back("rebalance after generation " + std::to_string(generation_.value())
                             + ": " + reason);
  for (auto& [id, member] : members_) {
    if (member.awaiting_sync) {
      member.awaiting_sync = false;
      completed_.syncs.push_back(
        {id, strom::error{errc::rebalance_in_progress, "group " + name_ + " rebalances"}});
    }
  }
  bool from_empty = phase_ == group_phase::empty;
  phase_ = group_phase::preparing_rebalance;
  follow_up_rebalance_ = false; // this rebalance is the follow-up
  join_started_ms_ = now_ms;
  join_ready_ms_ = now_ms + (from_empty ? limits_.initial_rebalance_delay_ms : 0);
}

void group_state::maybe_complete_join(int64_t now_ms) {
  if (phase_ != group_phase::preparing_rebalance)
    return;
  bool all_joined = std::all_of(members_.begin(), members_.end(),
                                [](const auto& entry) { return entry.second.awaiting_join; });
  if ((all_joined && now_ms >= join_ready_ms_) || now_ms >= join_deadline_ms())
    complete_join(now_ms);
}

void group_state::complete_join(int64_t now_ms) {
  // Members that did not rejoin in time are out, as in Kafka; what they
  // may still hold is kept from the others until their leases end.
  for (auto it = members_.begin(); it != members_.end();) {
    if (it->second.awaiting_join) {
      ++it;
      continue;
    }
    completed_.notes.push_back("member " + it->first.value() + " did not rejoin in time: out");
    hold(it->second, now_ms);
    it = members_.erase(it);
  }
  generation_ = generation_.next();
  completed_.notes.push_back("generation " + std::to_string(generation_.value()) + ": "
                             + std::to_string(members_.size()) + " members");
  if (members_.empty()) {
    phase_ = group_phase::empty;
    protocol_.clear();
    leader_ = member_id{};
    follow_up_rebalance_ = false;
    persist();
    return;
  }
  protocol_ = select_protocol();
  if (members_.count(leader_) == 0)
    leader_ = members_.begin()->first;
  phase_ = group_phase::completing_rebalance;
  if (classic()) {
    // The leader assigns, in its sync; nothing is written until then.
    assignment_received_ = false;
    for (auto& [id, member] : members_)
      member.opaque_assignment.clear();
  } else {
    assign_partitions();
  }
  for (auto& [id, member] : members_) {
    member.awaiting_join = false;
    member.synced = false;
    confirm(member, now_ms);
    completed_.joins.push_back({id, join_response_for(id)});
  }
  if (!classic())
    persist();
}

void group_state::assign_partitions() {
  auto assignor = make_assignor(protocol_);
  assignor_input input;
  for (const auto& [id, member] : members_)
    input.members.push_back({id, member.subscription, member.owned, member.owned_generation});
  input.partitions = partitions_;
  auto assignment = assignor->assign(input);
  size_t assigned = 0;
  for (auto& [id, member] : members_) {
    member.assignment.clear();
    for (const auto& tp : assignment[id])
      if (held_.count(tp) == 0)
        member.assignment.insert(tp);
    assigned += member.assignment.size();
  }
  // Held partitions wait for their release (release_holds), not for a
  // cooperative follow-up.
  auto subscribed = subscribed_partitions(input);
  auto held_subscribed = static_cast<size_t>(std::count_if(
    subscribed.begin(), subscribed.end(), [this](const topic_partition& tp) { return held_.count(tp) > 0; }));
  follow_up_rebalance_ =
    assignor->cooperative() && assigned + held_subscribed < subscribed.size();
}

std::set<std::string> group_state::common_protocols(const member_id& except) const {
  std::optional<std::set<std::string>> common;
  for (const auto& [id, member] : members_) {
    if (id == except)
      continue;
    std::set<std::string> own(member.protocols.begin(), member.protocols.end());
    if (!common) {
      common = std::move(own);
      continue;
    }
    std::set<std::string> both;
    std::set_intersection(common->begin(), common->end(), own.begin(), own.end(),
                          std::inserter(both, both.end()));
    common = std::move(both);
  }
  return common ? *common : std::set<std::string>{};
}

// Kafka's vote: each member names its most preferred assignor that all
// support; the most named wins, ties to the smallest name.
std::string group_state::select_protocol() const {
  auto candidates = common_protocols(member_id{});
  std::map<std::string, int> votes;
  for (const auto& [id, member] : members_) {
    auto choice = std::find_if(member.protocols.begin(), member.protocols.end(),
                               [&](const std::string& p) { return candidates.count(p) > 0; });
    if (choice != member.protocols.end())
      ++votes[*choice];
  }
  std::string best;
  int best_votes = 0;
  for (const auto& [protocol, count] : votes)
    if (count > best_votes)
      std::tie(best, best_votes) = std::tie(protocol, count);
  return best;
}

void group_state::assignment_persisted(generation_id generation, int64_t now_ms) {
  if (phase_ != group_phase::completing_rebalance || generation != generation_)
    return;
  if (classic() && !assignment_received_)
    return; // a record of the generation written for another reason
  phase_ = group_phase::stable;
  for (auto& [id, member] : members_) {
    if (!member.awaiting_sync)
      continue;
    member.awaiting_sync = false;
    member.synced = true;
    confirm(member, now_ms);
    completed_.syncs.push_back({id, sync_response_for(member)});
  }
  maybe_follow_up(now_ms);
}

// Every member has been told what it gives up: assign it.
void group_state::maybe_follow_up(int64_t now_ms) {
  if (phase_ != group_phase::stable || !follow_up_rebalance_)
    return;
  bool all_synced = std::all_of(members_.begin(), members_.end(),
                                [](const auto& entry) { return entry.second.synced; });
  if (all_synced)
    start_rebalance(now_ms, "follow-up: what members gave up can be assigned");
}

void group_state::confirm(group_member& member, int64_t now_ms) {
  member.confirmed_ms = now_ms;
  // A session never ends before the lease it confirms: expiry may then
  // give out what the member held.
  member.last_heartbeat_ms = std::max(member.last_heartbeat_ms, now_ms);
}

void group_state::hold(const group_member& member, int64_t now_ms) {
  auto until = member.confirmed_ms + member.session_timeout_ms;
  if (until <= now_ms)
    return;
  hold_ms_ = std::max(hold_ms_, member.session_timeout_ms);
  // Its claim at its last join (cooperative members keep consuming it) and
  // what it was given since.
  for (const auto* set : {&member.assignment, &member.owned})
    for (const auto& tp : *set) {
      auto& held_until = held_[tp];
      held_until = std::max(held_until, until);
    }
}

void group_state::release_holds(int64_t now_ms) {
  auto topics = subscribed_topics();
  bool released = false;
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->second > now_ms) {
      ++it;
      continue;
    }
    released = released || topics.count(it->first.topic) > 0;
    it = held_.erase(it);
  }
  if (held_.empty())
    hold_ms_ = 0;
  if (!released)
    return;
  if (phase_ == group_phase::stable)
    start_rebalance(now_ms, "held partitions were released");
  else if (phase_ == group_phase::completing_rebalance)
    follow_up_rebalance_ = true; // assigned without them: once all synced
}

void group_state::expire_pending_members(int64_t now_ms) {
  for (auto it = pending_members_.begin(); it != pending_members_.end();)
    it = it->second <= now_ms ? pending_members_.erase(it) : std::next(it);
}

void group_state::remove_member(const member_id& id, errc pending_answer, const std::string& why,
                                int64_t now_ms) {
  auto it = members_.find(id);
  if (it == members_.end())
    return;
  strom::error answer{pending_answer, "member " + id.value() + " left group " + name_};
  if (it->second.awaiting_join)
    completed_.joins.push_back({id, answer});
  if (it->second.awaiting_sync)
    completed_.syncs.push_back({id, answer});
  members_.erase(it);
  start_rebalance(now_ms, "member " + id.value() + " " + why);
  maybe_complete_join(now_ms);
}

std::vector<member_id> group_state::expire(int64_t now_ms) {
  std::vector<member_id> expired;
  for (const auto& [id, member] : members_) {
    bool waiting = member.awaiting_join || member.awaiting_sync;
    if (!waiting && now_ms - member.last_heartbeat_ms >= member.session_timeout_ms)
      expired.push_back(id);
  }
  for (const auto& id : expired)
    remove_member(id, errc::unknown_member, "expired: no heartbeat for its session timeout",
                  now_ms);
  return expired;
}

void group_state::tick(int64_t now_ms) {
  expire(now_ms);
  expire_pending_members(now_ms);
  release_holds(now_ms);
  maybe_complete_join(now_ms);
}

void group_state::topic_partitions_changed(const partition_counts& counts,
                                           raft_index view_applied, int64_t now_ms) {
  if (view_applied < partitions_applied_)
    return;
  partitions_applied_ = view_applied;
  bool changed = false;
  for (const auto& topic : subscribed_topics()) {
    auto before = partitions_.find(topic);
    auto after = counts.find(topic);
    bool had = before != partitions_.end();
    bool has = after != counts.end();
    changed = changed || had != has || (had && has && before->second != after->second);
  }
  partitions_ = counts;
  if (changed && (phase_ == group_phase::stable || phase_ == group_phase::completing_rebalance))
    start_rebalance(now_ms, "a subscribed topic's partitions changed");
}

group_completions group_state::take_completed() {
  return std::exchange(completed_, group_completions{});
}

std::vector<group_snapshot> group_state::take_writes() {
  return std::exchange(writes_, {});
}

void group_state::persist() {
  writes_.push_back(snapshot());
}

} // namespace strom
