#include "actors/broker.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "actors/process_usage.hpp"
#include "actors/session/session.hpp"
#include "messages/error_category.hpp"

namespace strom {

namespace {

int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

using broker_ptr = local_broker_actor::stateful_pointer<broker_state>;

caf::error no_replica(broker_ptr self, group_id group) {
  return make_error(errc::not_found, "node " + std::to_string(self->state.settings.self.id.value()) +
                                       " holds no replica of group " +
                                       std::to_string(group.value()));
}

void send_bundle(broker_ptr self, node_id to, raft::message_bundle bundle) {
  auto& st = self->state;
  if (bundle.empty())
    return;
  if (auto it = st.peers.find(to); it != st.peers.end())
    self->send(it->second, raft_atom::value, std::move(bundle));
}

void flush_outbox(broker_ptr self) {
  for (auto& [to, bundle] : self->state.outbox.take_all())
    send_bundle(self, to, std::move(bundle));
}

// Raft tolerates lost messages: one for a peer that is down is dropped.
void route(broker_ptr self, node_id to, group_id group, raft::message& m) {
  auto& st = self->state;
  if (to == st.settings.self.id) {
    if (auto it = st.replicas.find(group); it != st.replicas.end())
      self->send(it->second, raft_atom::value, group, std::move(m));
    return;
  }
  auto peer = st.peers.find(to);
  if (peer == st.peers.end())
    return;
  if (!heartbeat_outbox::coalesces(m)) {
    self->send(peer->second, raft_atom::value, group, std::move(m));
    return;
  }
  switch (st.outbox.add(to, group, std::move(m))) {
  case heartbeat_outbox::added::first:
    self->delayed_send(self, st.settings.heartbeat_coalesce_ms, outbox_flush_atom::value);
    break;
  case heartbeat_outbox::added::full:
    send_bundle(self, to, st.outbox.take(to));
    break;
  case heartbeat_outbox::added::buffered:
    break;
  }
}

caf::error no_service(broker_ptr self) {
  return make_error(errc::no_controller, "node " + std::to_string(self->state.settings.self.id.value()) +
                                           " is still starting");
}

// Forwards a request to the local replica of `group`; a node without one
// answers not_leader with no hint, so that the client refreshes its metadata.
template <class Reply, class... Ts>
caf::result<Reply> to_replica(broker_ptr self, group_id group, Ts&&... xs) {
  auto it = self->state.replicas.find(group);
  if (it == self->state.replicas.end())
    return not_leader_error(group, node_id{-1});
  return self->delegate(it->second, std::forward<Ts>(xs)...);
}

template <class Reply, class... Ts>
caf::result<Reply> to_service(broker_ptr self, Ts&&... xs) {
  if (!self->state.service)
    return no_service(self);
  return self->delegate(self->state.service, std::forward<Ts>(xs)...);
}

template <class Reply, class... Ts>
caf::result<Reply> to_groups(broker_ptr self, Ts&&... xs) {
  if (!self->state.groups)
    return make_error(errc::coordinator_not_available,
                      "node " + std::to_string(self->state.settings.self.id.value())
                        + " is still starting");
  return self->delegate(self->state.groups, std::forward<Ts>(xs)...);
}

// Best effort: the node that coordinates each group takes the leave, the
// others answer not_coordinator, and the session timeout is the fallback. A
// coordinator that loses its partition right then forgets the leave with
// the rest of its memory, so the leave goes out again until `rounds` are
// done; a member already gone gets unknown_member, which changes nothing.
void leave_everywhere(broker_ptr self, std::vector<member_ref>& members, int32_t rounds) {
  constexpr std::chrono::seconds leave_timeout{5};
  constexpr std::chrono::seconds between_rounds{2};
  if (rounds > 1)
    self->delayed_send(self, between_rounds, leave_group_atom::value, members, rounds - 1);
  for (const auto& m : members) {
    if (self->state.groups)
      self->request(self->state.groups, leave_timeout, leave_group_atom::value, m)
        .then([] {}, [](caf::error&) {});
    for (const auto& [id, peer] : self->state.peers)
      self->request(peer, leave_timeout, leave_group_atom::value, m).then([] {}, [](caf::error&) {});
  }
}

caf::result<session_actor> open_session(broker_ptr self, consumer_sink_actor& client,
                                        std::string& client_id) {
  auto& st = self->state;
  if (!st.groups)
    return make_error(errc::coordinator_not_available,
                      "node " + std::to_string(st.settings.self.id.value()) + " is still starting");
  if (!client)
    return make_error(errc::bad_request, "a session needs the client's actor");
  session_settings s;
  s.self = st.settings.self.id;
  s.client = std::move(client);
  s.client_id = std::move(client_id);
  s.broker = self;
  s.groups = st.groups;
  return self->spawn(session, std::move(s));
}

// A node came or went: quiet groups (raft quiescence) rely on this news in
// place of their heartbeats, so every replica here wakes and checks again.
void wake_replicas(broker_ptr self) {
  for (auto& [group, replica] : self->state.replicas)
    self->send(replica, wake_atom::value);
}

void on_peer_up(broker_ptr self, node_id peer, broker_actor& remote) {
  auto& st = self->state;
  st.peers[peer] = remote;
  if (st.service)
    self->send(st.service, peer_up_atom::value, peer, remote);
  if (st.members.mark_up(peer, unix_ms_now())) {
    wake_replicas(self);
    spdlog::info("peer {} is up ({}/{} peers up)", peer.value(), st.members.peers_up(),
                 st.members.peer_count());
  }
}

void on_peer_down(broker_ptr self, node_id peer, const std::string& reason) {
  auto& st = self->state;
  st.peers.erase(peer);
  st.outbox.drop(peer);
  if (st.service)
    self->send(st.service, peer_down_atom::value, peer, reason);
  if (st.members.mark_down(peer, reason, unix_ms_now())) {
    wake_replicas(self);
    spdlog::warn("peer {} is down: {} ({}/{} peers up)", peer.value(), reason,
                 st.members.peers_up(), st.members.peer_count());
  }
}

void register_service(broker_ptr self, controller_service_actor& service) {
  auto& st = self->state;
  st.service = std::move(service);
  // The service learns of peers already up; later ones come as they happen.
  for (auto& [id, remote] : st.peers)
    self->send(st.service, peer_up_atom::value, id, remote);
}

} // namespace

local_broker_actor::behavior_type
broker(local_broker_actor::stateful_pointer<broker_state> self, broker_settings settings) {
  self->state.members = membership{settings.self, settings.all_nodes};
  self->state.settings = std::move(settings);
  return {
    [=](ping_atom, node_id from, const std::string& cluster) -> caf::result<ping_reply> {
      const auto& s = self->state.settings;
      if (cluster != s.cluster_name)
        return make_error(errc::wrong_cluster, "node " + std::to_string(s.self.id.value()) +
                                                 " belongs to cluster '" + s.cluster_name +
                                                 "', not '" + cluster + "'");
      if (!self->state.members.knows(from))
        return make_error(errc::not_found, "node " + std::to_string(from.value()) +
                                             " is not in the manifest of node " +
                                             std::to_string(s.self.id.value()));
      return ping_reply{s.self.id, s.cluster_name};
    },
    [=](members_atom) { return self->state.members.view(); },
    [=](usage_atom) {
      auto usage = read_process_usage();
      usage.node = self->state.settings.self.id;
      usage.replicas = static_cast<int64_t>(self->state.replicas.size());
      return usage;
    },
    [=](peer_up_atom, node_id peer, broker_actor& remote) { on_peer_up(self, peer, remote); },
    [=](peer_down_atom, node_id peer, const std::string& reason) {
      on_peer_down(self, peer, reason);
    },
    [=](raft_atom, group_id group, raft::message& m) {
      route(self, self->state.settings.self.id, group, m);
    },
    [=](raft_atom, raft::message_bundle& bundle) {
      for (auto& g : bundle)
        route(self, self->state.settings.self.id, g.group, g.msg);
    },
    [=](raft_atom, node_id to, group_id group, raft::message& m) { route(self, to, group, m); },
    [=](outbox_flush_atom) { flush_outbox(self); },
    [=](register_atom, group_id group, replica_actor& replica) {
      if (replica)
        self->state.replicas[group] = std::move(replica);
      else
        self->state.replicas.erase(group);
    },
    [=](register_atom, controller_service_actor& service) { register_service(self, service); },
    [=](register_atom, group_service_actor& groups) { self->state.groups = std::move(groups); },
    [=](leave_group_atom, std::vector<member_ref>& members, int32_t rounds) {
      leave_everywhere(self, members, rounds);
    },
    [=](open_session_atom, consumer_sink_actor& client, std::string& client_id) {
      return open_session(self, client, client_id);
    },
    [=](join_group_atom, join_group_request& r) {
      return to_groups<join_group_reply>(self, join_group_atom::value, std::move(r));
    },
    [=](sync_group_atom, member_ref& m) {
      return to_groups<sync_group_reply>(self, sync_group_atom::value, std::move(m));
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
    [=](propose_atom, group_id group,
        std::vector<std::string>& payloads) -> caf::result<raft_index> {
      auto it = self->state.replicas.find(group);
      if (it == self->state.replicas.end())
        return no_replica(self, group);
      return self->delegate(it->second, propose_atom::value, std::move(payloads));
    },
    [=](status_atom, group_id group) -> caf::result<replica_status> {
      auto it = self->state.replicas.find(group);
      if (it == self->state.replicas.end())
        return no_replica(self, group);
      return self->delegate(it->second, status_atom::value);
    },
    [=](produce_atom, group_id group, produce_request& request) {
      return to_replica<produce_reply>(self, group, produce_atom::value, std::move(request));
    },
    [=](fetch_atom, group_id group, const fetch_request& request) {
      return to_replica<fetch_reply>(self, group, fetch_atom::value, request);
    },
    [=](list_offsets_atom, group_id group, int64_t spec) {
      return to_replica<record_offset>(self, group, list_offsets_atom::value, spec);
    },
    [=](metadata_atom, std::vector<std::string>& topics) {
      return to_service<cluster_metadata>(self, metadata_atom::value, std::move(topics));
    },
    [=](create_topic_atom, topic_spec& spec) {
      return to_service<topic_metadata>(self, create_topic_atom::value, std::move(spec));
    },
    [=](delete_topic_atom, std::string& name) {
      return to_service<topic_metadata>(self, delete_topic_atom::value, std::move(name));
    },
    [=](add_partitions_atom, std::string& name, int32_t count) {
      return to_service<topic_metadata>(self, add_partitions_atom::value, std::move(name), count);
    },
    [=](producer_id_atom) { return to_service<int64_t>(self, producer_id_atom::value); },
    [=](metadata_push_atom, raft_index index, std::string& snapshot) {
      if (self->state.service)
        self->send(self->state.service, metadata_push_atom::value, index, std::move(snapshot));
    },
    [=](leaders_push_atom, node_id from, std::vector<leader_report>& reports) {
      if (self->state.service)
        self->send(self->state.service, leaders_push_atom::value, from, std::move(reports));
    },
  };
}

} // namespace strom
