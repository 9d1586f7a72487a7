#pragma once
// Between the wire messages of messages/group_messages.hpp and the pure
// group state of actors/group: the coordinator actor speaks the first and
// drives the second.

#include <string>

#include "actors/group/group_replay.hpp"
#include "messages/group_messages.hpp"

namespace strom {

join_request to_join_request(const join_group_request& request);
offset_commit_request to_commit_request(const commit_offsets_request& request);

join_group_reply to_wire(const join_response& response);
sync_group_reply to_wire(const sync_response& response);
partition_offset to_wire(const topic_partition& partition, const committed_offset& offset);

group_overview overview_of(const group_state& group, node_id coordinator);
// A group that holds committed offsets but no members (Kafka lists those too).
group_overview offsets_only_overview(const std::string& group, node_id coordinator);
group_description describe(const coordinator_state& state, const std::string& group,
                           node_id coordinator);

} // namespace strom
