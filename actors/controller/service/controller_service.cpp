#include "actors/controller/service/controller_service.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include "actors/controller/service/controller_internal.hpp"
#include "actors/controller/service/controller_machine.hpp"
#include "messages/error_category.hpp"

namespace strom {

namespace controller_detail {

node_id self_id(self_ptr self) {
  return self->state.settings.self.id;
}

bool leads_controller(self_ptr self) {
  auto& st = self->state;
  const auto& leaders = st.leaders.leaders();
  auto it = leaders.find(controller_group);
  return st.controller && it != leaders.end() && it->second.first == self_id(self);
}

strom::error from_caf(const caf::error& err) {
  if (auto plain = to_plain_error(err))
    return *plain;
  return {errc::no_controller, "the controller did not answer: " + describe(err)};
}

} // namespace controller_detail

using namespace controller_detail;

namespace {

void start_controller_replica(self_ptr self) {
  auto& st = self->state;
  replica_settings s;
  s.group = controller_group;
  s.self = self_id(self);
  s.initial_voters.assign(st.settings.controllers.begin(), st.settings.controllers.end());
  s.environment = st.settings.environment;
  s.writer = st.settings.writer;
  s.router = caf::actor_cast<raft_router_actor>(st.settings.broker);
  s.machine = std::make_shared<controller_machine>(caf::actor_cast<controller_service_actor>(self));
  s.observer = caf::actor_cast<controller_service_actor>(self);
  s.timing = st.settings.timing;
  s.compaction = st.settings.compaction;
  s.seed = static_cast<uint64_t>(self_id(self).value());
  s.metrics_topic = "__controller";
  st.controller = self->spawn<caf::linked>(replica, std::move(s));
  self->send(st.settings.broker, register_atom::value, controller_group, st.controller);
}

} // namespace

controller_service_actor::behavior_type controller_service(self_ptr self,
                                                           controller_service_settings settings) {
  self->state.settings = std::move(settings);
  if (self->state.settings.controllers.count(self_id(self)) != 0)
    start_controller_replica(self);
  self->send(self, tick_atom::value);
  return {
    [=](metadata_atom, const std::vector<std::string>& names) { return metadata(self, names); },
    [=](create_topic_atom, topic_spec& spec) { return create_topic(self, spec); },
    [=](delete_topic_atom, std::string& name) { return delete_topic(self, name); },
    [=](add_partitions_atom, std::string& name, int32_t count) {
      return add_partitions(self, name, count);
    },
    [=](alter_configs_atom, std::string& name, std::vector<config_change>& changes) {
      return alter_configs(self, name, changes);
    },
    [=](producer_id_atom) { return allocate_producer_id(self); },
    [=](producer_ids_atom, int32_t count) { return allocate_producer_ids(self, count); },
    [=](upsert_user_atom, std::string& name, scram_credential& c) {
      return upsert_user(self, name, c);
    },
    [=](delete_user_atom, std::string& name) { return delete_user(self, name); },
    [=](list_users_atom) { return list_users(self); },
    [=](create_acls_atom, std::vector<acl_binding>& acls) { return create_acls(self, acls); },
    [=](delete_acls_atom, acl_filter& filter) { return delete_acls(self, filter); },
    [=](list_acls_atom, const acl_filter& filter) { return list_acls(self, filter); },
    [=](metadata_delta_atom, raft_index previous, raft_index index, const std::string& command) {
      on_delta(self, previous, index, command);
    },
    [=](metadata_sync_atom, node_id node) { on_sync_request(self, node); },
    [=](metadata_push_atom, raft_index index, const std::string& bytes) {
      on_push(self, index, bytes);
    },
    [=](applied_atom, raft_index index, const std::string& bytes) {
      on_applied(self, index, bytes);
    },
    [=](leader_atom, group_id group, node_id leader, term_id term) {
      on_leader(self, group, leader, term);
    },
    [=](leaders_push_atom, node_id from, const std::vector<leader_report>& reports) {
      self->state.leaders.merge(from, reports);
    },
    [=](peer_up_atom, node_id peer, broker_actor& remote) {
      on_peer_up(self, peer, remote);
      check_liveness(self);
    },
    [=](peer_down_atom, node_id peer, const std::string&) {
      on_peer_down(self, peer);
      check_liveness(self);
    },
    [=](tick_atom) {
      check_liveness(self);
      push_leaders_on_tick(self);
      self->state.waiters.settle(self->state.table, table_waiters::clock::now());
      self->delayed_send(self, self->state.settings.liveness_interval_ms, tick_atom::value);
    },
  };
}

controller_service_actor start_controller(caf::actor_system& sys,
                                          controller_service_settings settings) {
  auto broker = settings.broker;
  auto service = sys.spawn(controller_service, std::move(settings));
  caf::anon_send(broker, register_atom::value, service);
  return service;
}

} // namespace strom
