// group_state to and from what __consumer_offsets keeps of it.

#include "actors/group/group_state.hpp"

namespace strom {

group_snapshot group_state::snapshot() const {
  group_snapshot out;
  out.group = name_;
  out.generation = generation_;
  out.protocol_type = protocol_type_;
  out.protocol = protocol_;
  out.leader = leader_;
  for (const auto& [id, member] : members_)
    out.members.push_back(member); // the written part
  // Only the topics the group reads: the cluster may have thousands.
  for (const auto& topic : subscribed_topics())
    if (auto count = partitions_.find(topic); count != partitions_.end())
      out.partitions.insert(*count);
  out.partitions_applied = partitions_applied_;
  out.follow_up_rebalance = follow_up_rebalance_;
  out.next_member_number = next_member_number_;
  for (const auto& [tp, until] : held_)
    out.held.insert(tp);
  out.hold_ms = hold_ms_;
  return out;
}

group_state group_state::restore(const group_snapshot& snapshot, int64_t now_ms,
                                 group_limits limits) {
  group_state out(snapshot.group, limits);
  out.generation_ = snapshot.generation;
  out.protocol_type_ = snapshot.protocol_type;
  // Kafka groups write a generation only with its assignment.
  out.assignment_received_ = true;
  out.protocol_ = snapshot.protocol;
  out.leader_ = snapshot.leader;
  out.partitions_ = snapshot.partitions;
  out.partitions_applied_ = snapshot.partitions_applied;
  out.next_member_number_ = snapshot.next_member_number;
  for (const auto& m : snapshot.members) {
    group_member member;
    static_cast<member_snapshot&>(member) = m;
    // What it may consume until it rejoins with its own claim: its claim
    // at its last join, and what it was given since.
    member.owned.insert(m.assignment.begin(), m.assignment.end());
    member.owned_generation = snapshot.generation;
    // Whatever the old coordinator confirmed, it did before now.
    confirm(member, now_ms);
    out.members_.emplace(m.id, std::move(member));
  }
  for (const auto& tp : snapshot.held)
    out.held_[tp] = now_ms + snapshot.hold_ms;
  out.hold_ms_ = snapshot.hold_ms;
  out.phase_ = out.members_.empty() ? group_phase::empty : group_phase::stable;
  if (snapshot.follow_up_rebalance)
    out.start_rebalance(now_ms, "taken over with a follow-up due");
  return out;
}

} // namespace strom
