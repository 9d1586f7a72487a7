#pragma once
// The vocabulary of consumer groups: member ids, generations, topic
// partitions and what an assignor hands out. Pure values, no CAF.

#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>

#include "messages/group_messages.hpp"
#include "messages/types.hpp"

namespace strom {

// Given by the coordinator when a member first joins ("<client id>-..."),
// so that a stale client can be told apart from the one that replaced it.
using member_id = strong_id<std::string, struct member_id_tag>;

// A group's generation: bumped by every completed rebalance. Requests carry
// the generation their sender last joined, and an old one is refused.
using generation_id = strong_id<int32_t, struct generation_id_tag>;

// Kafka's generation of a group that never rebalanced, and of a commit from a
// client outside any group (a "simple" commit).
inline constexpr generation_id no_generation{-1};

using partition_set = std::set<topic_partition>;

// Topic name -> number of partitions, as the cluster's metadata says.
using partition_counts = std::map<std::string, int32_t>;

// What each member gets; every member of the input appears, maybe empty.
using group_assignment = std::map<member_id, partition_set>;

} // namespace strom
