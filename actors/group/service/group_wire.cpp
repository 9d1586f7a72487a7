#include "actors/group/service/group_wire.hpp"

namespace strom {

join_request to_join_request(const join_group_request& request) {
  join_request out;
  out.member = member_id{request.member};
  if (!request.group_instance_id.empty())
    out.group_instance_id = request.group_instance_id;
  out.client_id = request.client_id;
  out.session_timeout_ms = request.session_timeout_ms;
  out.rebalance_timeout_ms = request.rebalance_timeout_ms;
  out.protocols = request.protocols;
  out.subscription.insert(request.subscription.begin(), request.subscription.end());
  out.owned.insert(request.owned.begin(), request.owned.end());
  out.owned_generation = generation_id{request.owned_generation};
  out.protocol_type = request.protocol_type;
  out.protocol_metadata = request.protocol_metadata;
  return out;
}

offset_commit_request to_commit_request(const commit_offsets_request& request) {
  offset_commit_request out;
  out.group = request.member.group;
  out.member = member_id{request.member.member};
  out.generation = generation_id{request.member.generation};
  for (const auto& o : request.offsets)
    out.partitions.push_back({o.partition, o.offset, o.metadata});
  return out;
}

join_group_reply to_wire(const join_response& response) {
  join_group_reply out{response.member.value(), response.generation.value(), response.protocol,
                       response.leader.value(), response.member_id_required,
                       response.protocol_type, {}};
  for (const auto& m : response.members)
    out.members.push_back({m.id.value(), m.group_instance_id.value_or(""), m.metadata});
  return out;
}

sync_group_reply to_wire(const sync_response& response) {
  return {response.generation.value(), response.protocol,
          {response.assignment.begin(), response.assignment.end()}, response.protocol_type,
          response.opaque_assignment};
}

partition_offset to_wire(const topic_partition& partition, const committed_offset& offset) {
  return {partition, offset.offset, offset.metadata, offset.commit_time_ms};
}

group_overview overview_of(const group_state& group, node_id coordinator) {
  return {group.name(), to_string(group.phase()), group.protocol(),
          static_cast<int32_t>(group.members().size()), coordinator, group.protocol_type()};
}

group_overview offsets_only_overview(const std::string& group, node_id coordinator) {
  return {group, to_string(group_phase::empty), "", 0, coordinator, ""};
}

namespace {

group_member_description describe(const group_member& m, const std::string& protocol) {
  group_member_description out;
  out.member = m.id.value();
  out.group_instance_id = m.group_instance_id.value_or("");
  out.client_id = m.client_id;
  out.subscription.assign(m.subscription.begin(), m.subscription.end());
  out.assignment.assign(m.assignment.begin(), m.assignment.end());
  out.protocol_metadata = protocol_metadata_of(m, protocol);
  out.opaque_assignment = m.opaque_assignment;
  return out;
}

} // namespace

group_description describe(const coordinator_state& state, const std::string& group,
                           node_id coordinator) {
  group_description out;
  auto it = state.groups.find(group);
  if (it != state.groups.end()) {
    const auto& g = it->second;
    out.overview = overview_of(g, coordinator);
    out.generation = g.generation().value();
    out.leader = g.leader().value();
    for (const auto& [id, m] : g.members())
      out.members.push_back(describe(m, g.protocol()));
  } else {
    out.overview = offsets_only_overview(group, coordinator);
  }
  for (const auto& [tp, offset] : state.offsets.fetch_group(group))
    out.offsets.push_back(to_wire(tp, offset));
  return out;
}

} // namespace strom
