#pragma once
// What a group's coordinator keeps of a group in __consumer_offsets (the
// GroupMetadata record of messages/group.proto): enough for a new
// coordinator to carry on after a failover. Pending joins and syncs and
// heartbeat times are not kept: members re-send those to the new one.

#include <optional>
#include <string>
#include <vector>

#include "actors/group/group_types.hpp"

namespace strom {

struct member_snapshot {
  member_id id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::vector<std::string> protocols;
  std::set<std::string> subscription;
  partition_set assignment;
  // What the member claimed to consume at its last join: a cooperative
  // member goes on consuming it until it syncs, so a new coordinator must
  // know it to hold it back if the member is dropped.
  partition_set owned;
  // Kafka groups: the opaque metadata of each of `protocols`, and the bytes
  // the leader assigned the member in this generation.
  std::vector<std::string> protocol_metadata;
  std::string opaque_assignment;

  friend bool operator==(const member_snapshot& a, const member_snapshot& b) {
    return a.id == b.id && a.group_instance_id == b.group_instance_id
           && a.client_id == b.client_id && a.session_timeout_ms == b.session_timeout_ms
           && a.rebalance_timeout_ms == b.rebalance_timeout_ms && a.protocols == b.protocols
           && a.subscription == b.subscription && a.assignment == b.assignment
           && a.owned == b.owned && a.protocol_metadata == b.protocol_metadata
           && a.opaque_assignment == b.opaque_assignment;
  }
};

// A Kafka member's metadata for `protocol` (empty if it has none for it).
inline std::string protocol_metadata_of(const member_snapshot& member,
                                        const std::string& protocol) {
  for (size_t i = 0; i < member.protocols.size() && i < member.protocol_metadata.size(); ++i)
    if (member.protocols[i] == protocol)
      return member.protocol_metadata[i];
  return {};
}

struct group_snapshot {
  std::string group;
  generation_id generation{0};
  std::string protocol_type; // empty: a strom group; else Kafka's classic protocol
  std::string protocol;
  member_id leader;
  std::vector<member_snapshot> members; // by member id
  partition_counts partitions;          // what the assignment was computed from
  raft_index partitions_applied{0};     // how recent that view was (group_state.hpp)
  bool follow_up_rebalance = false;
  int64_t next_member_number = 0;
  // Partitions that members dropped without leaving may still hold (see
  // group_state.hpp, Exclusivity), and for how long at most: a new
  // coordinator holds them that long again, from when it takes over.
  partition_set held;
  int32_t hold_ms = 0;

  friend bool operator==(const group_snapshot& a, const group_snapshot& b) {
    return a.group == b.group && a.generation == b.generation
           && a.protocol_type == b.protocol_type && a.protocol == b.protocol
           && a.leader == b.leader && a.members == b.members && a.partitions == b.partitions
           && a.partitions_applied == b.partitions_applied
           && a.follow_up_rebalance == b.follow_up_rebalance
           && a.next_member_number == b.next_member_number && a.held == b.held
           && a.hold_ms == b.hold_ms;
  }
  friend bool operator!=(const group_snapshot& a, const group_snapshot& b) { return !(a == b); }
};

} // namespace strom
