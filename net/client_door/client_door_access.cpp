#include "net/client_door/client_door_access.hpp"

#include <algorithm>

namespace strom {

bool client_door_access::may(acl_operation operation, resource_type resource,
                             const std::string& name) const {
  if (security == nullptr)
    return true;
  return who != nullptr && door_allows(*security, *who, operation, resource, name);
}

std::optional<strom::error> client_door_access::need(acl_operation operation,
                                                     resource_type resource,
                                                     const std::string& name) const {
  if (may(operation, resource, name))
    return std::nullopt;
  auto what = resource == resource_type::cluster ? std::string{"the cluster"}
                                                 : std::string{to_string(resource)} + " " + name;
  return strom::error{errc::unauthorized, (who ? who->name : std::string{"nobody"}) +
                                            " may not " + to_string(operation) + " " + what};
}

std::optional<strom::error> client_door_access::need_on_cluster(acl_operation operation) const {
  return need(operation, resource_type::cluster, std::string{cluster_resource_name});
}

std::optional<strom::error> client_door_access::need_on_group(acl_operation operation,
                                                              group_id g) const {
  if (security == nullptr)
    return std::nullopt;
  auto it = partitions->find(g);
  if (it == partitions->end())
    return strom::error{errc::unauthorized,
                        "raft group " + std::to_string(g.value()) + " is no topic's partition"};
  return need(operation, resource_type::topic, it->second.topic);
}

namespace {

// Where a group's coordinator is comes from this topic's leaders, so every
// member may see it (its records stay behind read and write, as any topic's).
bool describable_by_all(const std::string& topic) { return topic == offsets_topic_name; }

} // namespace

std::optional<strom::error>
client_door_access::check(metadata_atom, const std::vector<std::string>& topics) const {
  for (const auto& t : topics)
    if (describable_by_all(t))
      continue;
    else if (auto refused = need(acl_operation::describe, resource_type::topic, t))
      return refused;
  return std::nullopt;
}

std::optional<strom::error> client_door_access::check(create_topic_atom,
                                                      const topic_spec& spec) const {
  if (security == nullptr || (who && door_may_create_topic(*security, *who, spec.name)))
    return std::nullopt;
  return need(acl_operation::create, resource_type::topic, spec.name);
}

std::optional<strom::error> client_door_access::check(delete_topic_atom,
                                                      const std::string& topic) const {
  return need(acl_operation::remove, resource_type::topic, topic);
}

std::optional<strom::error> client_door_access::check(add_partitions_atom,
                                                      const std::string& topic, int32_t) const {
  return need(acl_operation::alter, resource_type::topic, topic);
}

std::optional<strom::error> client_door_access::check(alter_configs_atom,
                                                      const std::string& topic,
                                                      const std::vector<config_change>&) const {
  return need(acl_operation::alter_configs, resource_type::topic, topic);
}

std::optional<strom::error> client_door_access::check(upsert_user_atom, const std::string&,
                                                      const scram_credential&) const {
  return need_on_cluster(acl_operation::alter);
}

std::optional<strom::error> client_door_access::check(delete_user_atom,
                                                      const std::string&) const {
  return need_on_cluster(acl_operation::alter);
}

std::optional<strom::error> client_door_access::check(list_users_atom) const {
  return need_on_cluster(acl_operation::describe);
}

std::optional<strom::error> client_door_access::check(create_acls_atom,
                                                      const std::vector<acl_binding>&) const {
  return need_on_cluster(acl_operation::alter);
}

std::optional<strom::error> client_door_access::check(delete_acls_atom,
                                                      const acl_filter&) const {
  return need_on_cluster(acl_operation::alter);
}

std::optional<strom::error> client_door_access::check(list_acls_atom, const acl_filter&) const {
  return need_on_cluster(acl_operation::describe);
}

std::optional<strom::error> client_door_access::check(join_group_atom,
                                                      const join_group_request& r) const {
  return need(acl_operation::read, resource_type::group, r.group);
}

std::optional<strom::error> client_door_access::check(sync_group_atom, const member_ref& m) const {
  return need(acl_operation::read, resource_type::group, m.group);
}

std::optional<strom::error> client_door_access::check(
  sync_group_atom, const member_ref& m, const std::vector<member_assignment>&) const {
  return need(acl_operation::read, resource_type::group, m.group);
}

std::optional<strom::error> client_door_access::check(heartbeat_atom, const member_ref& m) const {
  return need(acl_operation::read, resource_type::group, m.group);
}

std::optional<strom::error> client_door_access::check(leave_group_atom,
                                                      const member_ref& m) const {
  return need(acl_operation::read, resource_type::group, m.group);
}

std::optional<strom::error> client_door_access::check(commit_offsets_atom,
                                                      const commit_offsets_request& r) const {
  if (auto refused = need(acl_operation::read, resource_type::group, r.member.group))
    return refused;
  for (const auto& o : r.offsets)
    if (auto refused = need(acl_operation::read, resource_type::topic, o.partition.topic))
      return refused;
  return std::nullopt;
}

std::optional<strom::error> client_door_access::check(fetch_offsets_atom,
                                                      const fetch_offsets_request& r) const {
  return need(acl_operation::describe, resource_type::group, r.group);
}

std::optional<strom::error> client_door_access::check(describe_group_atom,
                                                      const std::string& group) const {
  return need(acl_operation::describe, resource_type::group, group);
}

std::optional<strom::error> client_door_access::check(delete_group_atom,
                                                      const std::string& group) const {
  return need(acl_operation::remove, resource_type::group, group);
}

std::optional<strom::error> client_door_access::check(members_atom) const {
  return need_on_cluster(acl_operation::describe);
}

std::optional<strom::error> client_door_access::check(usage_atom) const {
  return need_on_cluster(acl_operation::describe);
}

std::optional<strom::error> client_door_access::check(status_atom, group_id) const {
  return need_on_cluster(acl_operation::describe);
}

std::optional<strom::error> client_door_access::check(produce_atom, group_id g,
                                                      const produce_request&) const {
  return need_on_group(acl_operation::write, g);
}

std::optional<strom::error> client_door_access::check(fetch_atom, group_id g,
                                                      const fetch_request&) const {
  return need_on_group(acl_operation::read, g);
}

std::optional<strom::error> client_door_access::check(list_offsets_atom, group_id g,
                                                      int64_t) const {
  return need_on_group(acl_operation::describe, g);
}

std::optional<strom::error> client_door_access::check(offset_for_time_atom, group_id g,
                                                      int64_t) const {
  return need_on_group(acl_operation::describe, g);
}

std::optional<strom::error> client_door_access::check(
  subscribe_atom, const std::vector<subscription_entry>& entries) const {
  for (const auto& e : entries) {
    if (auto refused = need_on_group(acl_operation::read, e.group))
      return refused;
    // A partition's records only under its own name.
    if (security != nullptr && partitions->at(e.group) != e.partition)
      return strom::error{errc::unauthorized,
                          "raft group " + std::to_string(e.group.value()) + " is not partition " +
                            e.partition.topic + "/" +
                            std::to_string(e.partition.partition.value())};
  }
  return std::nullopt;
}

void client_door_access::shape(cluster_metadata& metadata) const {
  auto& topics = metadata.topics;
  topics.erase(std::remove_if(topics.begin(), topics.end(),
                              [this](const topic_metadata& t) {
                                return !describable_by_all(t.name) &&
                                       !may(acl_operation::describe, resource_type::topic,
                                            t.name);
                              }),
               topics.end());
}

void client_door_access::shape(std::vector<group_overview>& groups) const {
  groups.erase(std::remove_if(groups.begin(), groups.end(),
                              [this](const group_overview& g) {
                                return !may(acl_operation::describe, resource_type::group,
                                            g.group);
                              }),
               groups.end());
}

std::vector<group_id> door_groups_named(status_atom, group_id) {
  return {}; // a cluster view, not a partition's data
}

std::vector<group_id> door_groups_named(subscribe_atom,
                                        const std::vector<subscription_entry>& entries) {
  std::vector<group_id> out;
  for (const auto& e : entries)
    out.push_back(e.group);
  return out;
}

} // namespace strom
