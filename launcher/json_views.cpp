#include "launcher/json_views.hpp"

namespace strom {

namespace {

using nlohmann::json;

template <class Offset>
json optional_offset(const std::optional<Offset>& offset) {
  if (!offset)
    return nullptr;
  if constexpr (std::is_integral_v<Offset>)
    return *offset;
  else
    return offset->value();
}

json leader_json(node_id leader) {
  return leader == node_id{-1} ? json(nullptr) : json(leader.value());
}

} // namespace

json to_json(const topic_metadata& topic) {
  json partitions = json::array();
  for (const auto& p : topic.partitions) {
    json replicas = json::array();
    for (const auto& r : p.replicas)
      replicas.push_back(r.value());
    partitions.push_back({{"partition", p.partition.value()},
                          {"group", p.group.value()},
                          {"leader", leader_json(p.leader)},
                          {"replicas", replicas}});
  }
  return {{"name", topic.name},
          {"id", topic.topic_id},
          {"replication_factor", topic.replication_factor},
          {"retention_ms", topic.config.retention_ms},
          {"retention_bytes", topic.config.retention_bytes},
          {"max_batch_bytes", topic.config.batch_bytes_max},
          {"configs", configs_json(topic.config)},
          {"partitions", partitions}};
}

json to_json(const group_overview& group) {
  return {{"group", group.group},
          {"state", group.state},
          {"members", group.member_count},
          {"protocol", group.protocol},
          {"coordinator", leader_json(group.coordinator)}};
}

json to_json(const group_description& group, const std::vector<partition_lag>& lag) {
  json members = json::array();
  for (const auto& m : group.members)
    members.push_back({{"member", m.member},
                       {"client_id", m.client_id},
                       {"instance_id", m.group_instance_id},
                       {"subscription", m.subscription},
                       {"assignment", partitions_json(m.assignment)}});
  json offsets = json::array();
  for (const auto& r : lag)
    offsets.push_back({{"topic", r.partition.topic},
                       {"partition", r.partition.partition.value()},
                       {"committed", optional_offset(r.committed)},
                       {"log_end", optional_offset(r.log_end)},
                       {"lag", optional_offset(r.lag())},
                       {"owner", r.owner.empty() ? json(nullptr) : json(r.owner)}});
  auto out = to_json(group.overview);
  out["generation"] = group.generation;
  out["leader"] = group.leader;
  out["members"] = members;
  out["offsets"] = offsets;
  return out;
}

json to_json(const committed_offsets& offsets) {
  json out = json::array();
  for (const auto& c : offsets)
    out.push_back({{"topic", c.partition.topic},
                   {"partition", c.partition.partition.value()},
                   {"offset", c.offset.value()}});
  return out;
}

json to_json(const std::vector<member_info>& members, const cluster_metadata* metadata) {
  json nodes = json::array();
  for (const auto& m : members) {
    json alive = nullptr;
    if (metadata)
      for (const auto& b : metadata->brokers)
        if (b.address.id == m.address.id)
          alive = b.alive;
    nodes.push_back({{"id", m.address.id.value()},
                     {"address", m.address.to_string()},
                     {"up", m.up},
                     {"alive", alive},
                     {"self", m.self},
                     {"since_unix_ms", m.since_unix_ms},
                     {"detail", m.down_reason}});
  }
  json controller = nullptr;
  if (metadata)
    controller = {{"leader", leader_json(metadata->controller_leader)},
                  {"term", metadata->controller_term.value()}};
  return {{"controller", controller}, {"nodes", nodes}};
}

void print_json(std::ostream& out, const json& document) {
  out << document.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

} // namespace strom
