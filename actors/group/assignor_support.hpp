#pragma once
// Pieces the assignors share; not part of the group's public interface.

#include <map>
#include <vector>

#include "actors/group/assignor.hpp"

namespace strom {

// Every member of the input, with an empty partition set.
group_assignment empty_assignment(const assignor_input& input);

// The input's members, ordered by id.
std::vector<const assignor_member*> members_by_id(const assignor_input& input);

// The partitions of the topics that at least one member subscribes to and
// the cluster knows, in (topic, partition) order.
std::vector<topic_partition> subscribed_partitions(const assignor_input& input);

bool subscribes(const assignor_member& member, const std::string& topic);

// Which claims current_owners counts.
enum class claims { subscribed_only, all };

// Who owns each partition now: the member claiming it with the newest
// generation (on a tie, the smallest member id). Claims on partitions that no
// longer exist are dropped, and with claims::subscribed_only those on topics
// the member no longer subscribes to.
std::map<topic_partition, member_id> current_owners(const assignor_input& input,
                                                    claims which);

// sticky's balanced assignment, cooperative_sticky's target.
group_assignment sticky_target(const assignor_input& input);

} // namespace strom

namespace strom {

std::unique_ptr<assignor> make_range_assignor();
std::unique_ptr<assignor> make_round_robin_assignor();
std::unique_ptr<assignor> make_sticky_assignor();
std::unique_ptr<assignor> make_cooperative_sticky_assignor();

} // namespace strom
