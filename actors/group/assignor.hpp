#pragma once
// Partition assignors: who in a group consumes which partition. The group's
// coordinator runs the one the group chose (strom computes assignments on
// the coordinator, not on a leader client as Kafka does). Four, as Kafka's:
//
//   range              per topic, consecutive partitions to members in id
//                      order; co-partitions topics of equal size (partition i
//                      of each goes to the same member), balanced per topic.
//   round_robin        all partitions in (topic, partition) order dealt to
//                      members in id order, skipping those not subscribed.
//   sticky             balanced like round_robin, and keeps every partition
//                      with its current owner as far as balance allows.
//   cooperative_sticky sticky's target, but a partition another member still
//                      owns is not handed over in the same rebalance: its owner
//                      gives it up, and a follow-up rebalance assigns it. No
//                      member ever stops consuming what it keeps.
//
// Deterministic: the same input gives the same output, whatever the order of
// the members in it. Balanced: members subscribed to the same topics get
// counts that differ by at most 1 (range: per topic; round_robin: when
// subscriptions are identical, as Kafka's).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actors/group/group_types.hpp"

namespace strom {

struct assignor_member {
  member_id id;
  std::set<std::string> subscription;
  // What the member says it consumes now, and the generation it got it in
  // (sticky and cooperative_sticky): of two members claiming a partition,
  // the one with the newer generation is its owner.
  partition_set owned;
  generation_id owned_generation = no_generation;
};

struct assignor_input {
  std::vector<assignor_member> members;
  // Topics missing here (unknown to the cluster) are not assigned.
  partition_counts partitions;
};

class assignor {
public:
  virtual ~assignor() = default;

  virtual std::string_view name() const = 0;
  // Members keep consuming what they own while the group rebalances; the
  // assignment may leave partitions unowned for a follow-up rebalance.
  virtual bool cooperative() const { return false; }
  virtual group_assignment assign(const assignor_input& input) const = 0;
};

// "range", "round_robin", "sticky", "cooperative_sticky"; nullptr otherwise.
std::unique_ptr<assignor> make_assignor(std::string_view name);

// Whether make_assignor knows the name.
bool is_known_assignor(std::string_view name);

} // namespace strom
