// The broker's second job: the raft transport between nodes. A local
// replica's message for another node goes to the broker there, which hands
// it to its replica; heartbeats and their answers wait in the outbox and go
// as one bundle per node (heartbeat_outbox.hpp says why that is safe).

#include "actors/broker/broker_internal.hpp"

namespace strom::broker_detail {

namespace {

void send_bundle(broker_ptr self, node_id to, raft::message_bundle bundle) {
  auto& st = self->state;
  if (bundle.empty())
    return;
  if (auto it = st.peers.find(to); it != st.peers.end())
    self->send(it->second, raft_atom::value, std::move(bundle));
}

void to_local_replica(broker_ptr self, group_id group, raft::message& m) {
  auto& replicas = self->state.replicas;
  if (auto it = replicas.find(group); it != replicas.end())
    self->send(it->second, raft_atom::value, group, std::move(m));
}

} // namespace

void route(broker_ptr self, node_id to, group_id group, raft::message& m) {
  auto& st = self->state;
  if (to == st.settings.self.id)
    return to_local_replica(self, group, m);
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

void route_bundle(broker_ptr self, raft::message_bundle& bundle) {
  for (auto& g : bundle)
    to_local_replica(self, g.group, g.msg);
}

void flush_outbox(broker_ptr self) {
  for (auto& [to, bundle] : self->state.outbox.take_all())
    send_bundle(self, to, std::move(bundle));
}

} // namespace strom::broker_detail
