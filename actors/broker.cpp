#include "actors/broker.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

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

// Raft tolerates lost messages: one for a peer that is down is dropped.
void route(broker_ptr self, node_id to, group_id group, raft::message& m) {
  auto& st = self->state;
  if (to == st.settings.self.id) {
    if (auto it = st.replicas.find(group); it != st.replicas.end())
      self->send(it->second, raft_atom::value, group, std::move(m));
    return;
  }
  if (auto it = st.peers.find(to); it != st.peers.end())
    self->send(it->second, raft_atom::value, group, std::move(m));
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
    [=](peer_up_atom, node_id peer, broker_actor& remote) {
      self->state.peers[peer] = std::move(remote);
      if (self->state.members.mark_up(peer, unix_ms_now()))
        spdlog::info("peer {} is up ({}/{} peers up)", peer.value(),
                     self->state.members.peers_up(), self->state.members.peer_count());
    },
    [=](peer_down_atom, node_id peer, const std::string& reason) {
      self->state.peers.erase(peer);
      if (self->state.members.mark_down(peer, reason, unix_ms_now()))
        spdlog::warn("peer {} is down: {} ({}/{} peers up)", peer.value(), reason,
                     self->state.members.peers_up(), self->state.members.peer_count());
    },
    [=](raft_atom, group_id group, raft::message& m) {
      route(self, self->state.settings.self.id, group, m);
    },
    [=](raft_atom, node_id to, group_id group, raft::message& m) { route(self, to, group, m); },
    [=](register_atom, group_id group, replica_actor& replica) {
      self->state.replicas[group] = std::move(replica);
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
  };
}

} // namespace strom
