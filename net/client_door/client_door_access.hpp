#pragma once
// What a client door's principal may ask, with Kafka's rules as every door
// applies them (one authorizer, net/door/door_security): produce needs
// write on the topic, fetch and subscribe read, offsets describe; a group's
// membership and commits read on the group (commits read on each topic
// too); topic create on the cluster or the topic, delete and alter on the
// topic; users and ACLs alter on the cluster, listing them describe; node
// views (members, usage, a replica's status) describe on the cluster.
// Raft groups name partitions on the wire: `partitions` maps them to their
// topic, from the metadata the door has seen; a group it does not name is
// refused. Pure: the door's sessions ask it, the unit tests drive it alone.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "messages/errors.hpp"
#include "messages/interfaces.hpp"
#include "net/door/door_security.hpp"

namespace strom {

struct client_door_access {
  const door_security* security = nullptr; // none: everything is allowed
  const door_principal* who = nullptr;
  const std::map<group_id, topic_partition>* partitions = nullptr;

  // Nothing when allowed; else unauthorized, naming what was refused.
  std::optional<strom::error> check(metadata_atom, const std::vector<std::string>& topics) const;
  std::optional<strom::error> check(create_topic_atom, const topic_spec& spec) const;
  std::optional<strom::error> check(delete_topic_atom, const std::string& topic) const;
  std::optional<strom::error> check(add_partitions_atom, const std::string& topic,
                                    int32_t count) const;
  std::optional<strom::error> check(alter_configs_atom, const std::string& topic,
                                    const std::vector<config_change>&) const;
  std::optional<strom::error> check(producer_id_atom) const { return {}; }
  std::optional<strom::error> check(upsert_user_atom, const std::string&,
                                    const scram_credential&) const;
  std::optional<strom::error> check(delete_user_atom, const std::string&) const;
  std::optional<strom::error> check(list_users_atom) const;
  std::optional<strom::error> check(create_acls_atom, const std::vector<acl_binding>&) const;
  std::optional<strom::error> check(delete_acls_atom, const acl_filter&) const;
  std::optional<strom::error> check(list_acls_atom, const acl_filter&) const;
  std::optional<strom::error> check(join_group_atom, const join_group_request& r) const;
  std::optional<strom::error> check(sync_group_atom, const member_ref& m) const;
  std::optional<strom::error> check(sync_group_atom, const member_ref& m,
                                    const std::vector<member_assignment>&) const;
  std::optional<strom::error> check(heartbeat_atom, const member_ref& m) const;
  std::optional<strom::error> check(leave_group_atom, const member_ref& m) const;
  std::optional<strom::error> check(commit_offsets_atom, const commit_offsets_request& r) const;
  std::optional<strom::error> check(fetch_offsets_atom, const fetch_offsets_request& r) const;
  std::optional<strom::error> check(list_groups_atom) const { return {}; } // the answer is filtered
  std::optional<strom::error> check(describe_group_atom, const std::string& group) const;
  std::optional<strom::error> check(delete_group_atom, const std::string& group) const;
  std::optional<strom::error> check(members_atom) const;
  std::optional<strom::error> check(usage_atom) const;
  std::optional<strom::error> check(status_atom, group_id) const;
  std::optional<strom::error> check(produce_atom, group_id g, const produce_request&) const;
  std::optional<strom::error> check(fetch_atom, group_id g, const fetch_request&) const;
  std::optional<strom::error> check(list_offsets_atom, group_id g, int64_t) const;
  std::optional<strom::error> check(offset_for_time_atom, group_id g, int64_t) const;
  std::optional<strom::error> check(subscribe_atom,
                                    const std::vector<subscription_entry>& entries) const;
  std::optional<strom::error> check(unsubscribe_atom, const std::vector<topic_partition>&) const {
    return {};
  }
  std::optional<strom::error> check(credit_atom, uint64_t) const { return {}; }

  // Answers cut to what the principal may describe.
  void shape(cluster_metadata& metadata) const;
  void shape(std::vector<group_overview>& groups) const;

  bool may(acl_operation operation, resource_type resource, const std::string& name) const;

private:
  std::optional<strom::error> need(acl_operation operation, resource_type resource,
                                   const std::string& name) const;
  std::optional<strom::error> need_on_group(acl_operation operation, group_id g) const;
  std::optional<strom::error> need_on_cluster(acl_operation operation) const;
};

// The raft groups a call names as partitions (its access needs them mapped).
template <class Atom, class... Args>
std::vector<group_id> door_groups_named(Atom, const Args&...) {
  return {};
}
template <class Atom, class Request>
std::vector<group_id> door_groups_named(Atom, group_id g, const Request&) {
  return {g};
}
std::vector<group_id> door_groups_named(status_atom, group_id g);
std::vector<group_id> door_groups_named(subscribe_atom,
                                        const std::vector<subscription_entry>& entries);

} // namespace strom
