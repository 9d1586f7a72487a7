#pragma once
// What the broker's files share. Each of its jobs is a file; broker.cpp lists
// the messages and hands each to its job. Internal to the broker.
//   peers.cpp              pings, the membership view, peers up and down
//   raft_routing.cpp       raft messages to local replicas and other nodes,
//                          heartbeats coalesced into one bundle per node
//   replica_registry.cpp   the replicas this node holds; requests for them
//   sessions.cpp           client sessions; leaving a gone client's groups
//   services.cpp           the node's controller and group services: requests
//                          for them, and the one answer while they are missing

#include <string>
#include <utility>
#include <vector>

#include "actors/broker/broker.hpp"
#include "messages/error_category.hpp"

namespace strom::broker_detail {

using broker_ptr = local_broker_actor::stateful_pointer<broker_state>;

// peers.cpp
caf::result<ping_reply> answer_ping(broker_ptr self, node_id from, const std::string& cluster,
                                    const caf::actor& sender);
node_usage usage_of(broker_ptr self);
void on_peer_up(broker_ptr self, node_id peer, broker_actor& remote);
void on_peer_down(broker_ptr self, node_id peer, const std::string& reason);

// raft_routing.cpp. Raft tolerates lost messages: one for a peer that is
// down is dropped.
void route(broker_ptr self, node_id to, group_id group, raft::message& m);
void route_bundle(broker_ptr self, raft::message_bundle& bundle);
void flush_outbox(broker_ptr self);

// replica_registry.cpp
void register_replica(broker_ptr self, group_id group, replica_actor& replica);
// A node came or went: quiet groups (raft quiescence) rely on this news in
// place of their heartbeats, so every replica here wakes and checks again.
void wake_replicas(broker_ptr self);

// A request for the local replica of `group`; any group not hosted here gets
// the one answer not_hosted_error (not_leader, no hint).
template <class Reply, class... Ts>
caf::result<Reply> to_replica(broker_ptr self, group_id group, Ts&&... xs) {
  auto it = self->state.replicas.find(group);
  if (it == self->state.replicas.end())
    return not_hosted_error(self->state.settings.self.id, group);
  return self->delegate(it->second, std::forward<Ts>(xs)...);
}

// sessions.cpp
caf::result<session_actor> open_session(broker_ptr self, consumer_sink_actor& client,
                                        std::string& client_id);
void leave_everywhere(broker_ptr self, std::vector<member_ref>& members, int32_t rounds);

// services.cpp
void register_controller(broker_ptr self, controller_service_actor& service);
void register_groups(broker_ptr self, group_service_actor& groups);
// What a node answers before its controller or group service is registered:
// `code` says which (no_controller, coordinator_not_available); both retriable.
caf::error still_starting(broker_ptr self, errc code);

template <class Reply, class... Ts>
caf::result<Reply> to_controller(broker_ptr self, Ts&&... xs) {
  if (!self->state.service)
    return still_starting(self, errc::no_controller);
  return self->delegate(self->state.service, std::forward<Ts>(xs)...);
}

template <class Reply, class... Ts>
caf::result<Reply> to_groups(broker_ptr self, Ts&&... xs) {
  if (!self->state.groups)
    return still_starting(self, errc::coordinator_not_available);
  return self->delegate(self->state.groups, std::forward<Ts>(xs)...);
}

// What the node's replicas tell the controller service; dropped before it
// is registered (it reads the table from its own replica when it starts).
template <class... Ts>
void tell_controller(broker_ptr self, Ts&&... xs) {
  if (self->state.service)
    self->send(self->state.service, std::forward<Ts>(xs)...);
}

} // namespace strom::broker_detail
