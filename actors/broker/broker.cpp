// The broker's messages, each handed to its job (broker_internal.hpp lists
// the jobs and their files).

#include "actors/broker/broker.hpp"

#include "actors/broker/broker_internal.hpp"
#include "messages/hop_trace.hpp"

namespace strom {

using namespace broker_detail;

local_broker_actor::behavior_type
broker(local_broker_actor::stateful_pointer<broker_state> self, broker_settings settings) {
  self->state.members = membership{settings.self, settings.all_nodes};
  self->state.settings = std::move(settings);
  auto me = self->state.settings.self.id;
  return {
    // Peers and membership.
    [=](ping_atom, node_id from, const std::string& cluster, const caf::actor& sender) {
      return answer_ping(self, from, cluster, sender);
    },
    [=](register_atom, node_id peer, caf::actor& link) { self->state.links[peer] = link; },
    [=](members_atom) { return self->state.members.view(); },
    [=](usage_atom) { return usage_of(self); },
    [=](peer_up_atom, node_id peer, broker_actor& remote) { on_peer_up(self, peer, remote); },
    [=](peer_down_atom, node_id peer, const std::string& reason) {
      on_peer_down(self, peer, reason);
    },
    // Raft between nodes.
    [=](raft_atom, group_id group, raft::message& m) {
      hop_mark("broker.raft", group.value(), static_cast<int64_t>(m.type));
      route(self, me, group, m);
    },
    [=](raft_atom, raft::message_bundle& bundle) { route_bundle(self, bundle); },
    [=](raft_atom, node_id to, group_id group, raft::message& m) { route(self, to, group, m); },
    [=](outbox_flush_atom) { flush_outbox(self); },
    // The replicas here, and requests for them.
    [=](register_atom, group_id group, replica_actor& replica) {
      register_replica(self, group, replica);
    },
    [=](propose_atom, group_id group, std::vector<std::string>& payloads) {
      return to_replica<raft_index>(self, group, propose_atom::value, std::move(payloads));
    },
    [=](status_atom, group_id group) {
      return to_replica<replica_status>(self, group, status_atom::value);
    },
    [=](produce_atom, group_id group, produce_request& request) {
      hop_mark("broker.produce", group.value());
      return to_replica<produce_reply>(self, group, produce_atom::value, std::move(request));
    },
    [=](fetch_atom, group_id group, const fetch_request& request) {
      return to_replica<fetch_reply>(self, group, fetch_atom::value, request);
    },
    [=](list_offsets_atom, group_id group, int64_t spec) {
      return to_replica<record_offset>(self, group, list_offsets_atom::value, spec);
    },
    [=](offset_for_time_atom, group_id group, int64_t timestamp_ms) {
      return to_replica<timed_offset>(self, group, offset_for_time_atom::value, timestamp_ms);
    },
    // Client sessions.
    [=](open_session_atom, consumer_sink_actor& client, std::string& client_id) {
      return open_session(self, client, client_id);
    },
    [=](leave_group_atom, std::vector<member_ref>& members, int32_t rounds) {
      leave_everywhere(self, members, rounds);
    },
    // The group service.
    [=](register_atom, group_service_actor& groups) { register_groups(self, groups); },
    [=](join_group_atom, join_group_request& r) {
      return to_groups<join_group_reply>(self, join_group_atom::value, std::move(r));
    },
    [=](sync_group_atom, member_ref& m) {
      return to_groups<sync_group_reply>(self, sync_group_atom::value, std::move(m));
    },
    [=](sync_group_atom, member_ref& m, std::vector<member_assignment>& assignments) {
      return to_groups<sync_group_reply>(self, sync_group_atom::value, std::move(m),
                                         std::move(assignments));
    },
    [=](heartbeat_atom, member_ref& m) {
      return to_groups<void>(self, heartbeat_atom::value, std::move(m));
    },
    [=](leave_group_atom, member_ref& m) {
      return to_groups<void>(self, leave_group_atom::value, std::move(m));
    },
    [=](commit_offsets_atom, commit_offsets_request& r) {
      return to_groups<void>(self, commit_offsets_atom::value, std::move(r));
    },
    [=](fetch_offsets_atom, fetch_offsets_request& r) {
      return to_groups<committed_offsets>(self, fetch_offsets_atom::value, std::move(r));
    },
    [=](list_groups_atom) {
      return to_groups<std::vector<group_overview>>(self, list_groups_atom::value);
    },
    [=](describe_group_atom, std::string& group) {
      return to_groups<group_description>(self, describe_group_atom::value, std::move(group));
    },
    [=](delete_group_atom, std::string& group) {
      return to_groups<void>(self, delete_group_atom::value, std::move(group));
    },
    // The controller service.
    [=](register_atom, controller_service_actor& service) { register_controller(self, service); },
    [=](metadata_atom, std::vector<std::string>& topics) {
      return to_controller<cluster_metadata>(self, metadata_atom::value, std::move(topics));
    },
    [=](create_topic_atom, topic_spec& spec) {
      return to_controller<topic_metadata>(self, create_topic_atom::value, std::move(spec));
    },
    [=](delete_topic_atom, std::string& name) {
      return to_controller<topic_metadata>(self, delete_topic_atom::value, std::move(name));
    },
    [=](add_partitions_atom, std::string& name, int32_t count) {
      return to_controller<topic_metadata>(self, add_partitions_atom::value, std::move(name),
                                           count);
    },
    [=](alter_configs_atom a, std::string& name, std::vector<config_change>& changes) {
      return to_controller<topic_metadata>(self, a, std::move(name), std::move(changes));
    },
    [=](producer_id_atom) { return to_controller<int64_t>(self, producer_id_atom::value); },
    [=](producer_ids_atom a, int32_t count) { return to_controller<int64_t>(self, a, count); },
    [=](upsert_user_atom a, std::string& name, scram_credential& c) {
      return to_controller<void>(self, a, std::move(name), std::move(c));
    },
    [=](delete_user_atom a, std::string& name) {
      return to_controller<void>(self, a, std::move(name));
    },
    [=](list_users_atom a) { return to_controller<std::vector<user_summary>>(self, a); },
    [=](create_acls_atom a, std::vector<acl_binding>& acls) {
      return to_controller<void>(self, a, std::move(acls));
    },
    [=](delete_acls_atom a, acl_filter& filter) {
      return to_controller<std::vector<acl_binding>>(self, a, std::move(filter));
    },
    [=](list_acls_atom a, acl_filter& filter) {
      return to_controller<std::vector<acl_binding>>(self, a, std::move(filter));
    },
    [=](metadata_push_atom, raft_index index, std::string& snapshot) {
      tell_controller(self, metadata_push_atom::value, index, std::move(snapshot));
    },
    [=](metadata_delta_atom a, raft_index previous, raft_index index, std::string& command) {
      tell_controller(self, a, previous, index, std::move(command));
    },
    [=](metadata_sync_atom a, node_id node) { tell_controller(self, a, node); },
    [=](leaders_push_atom, node_id from, std::vector<leader_report>& reports) {
      tell_controller(self, leaders_push_atom::value, from, std::move(reports));
    },
  };
}

} // namespace strom
