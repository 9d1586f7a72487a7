// The broker's first job: answering peers' pings, and the membership view
// its peer links report.

#include <chrono>

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "messages/unix_clock.hpp"
#include "actors/broker/broker_internal.hpp"
#include "actors/broker/process_usage.hpp"

namespace strom::broker_detail {

namespace {

} // namespace

caf::result<ping_reply> answer_ping(broker_ptr self, node_id from, const std::string& cluster,
                                    const caf::actor& sender) {
  const auto& s = self->state.settings;
  if (cluster != s.cluster_name)
    return make_error(errc::wrong_cluster, "node " + std::to_string(s.self.id.value())
                                             + " belongs to cluster '" + s.cluster_name
                                             + "', not '" + cluster + "'");
  if (!self->state.members.knows(from))
    return make_error(errc::not_found, "node " + std::to_string(from.value())
                                         + " is not in the manifest of node "
                                         + std::to_string(s.self.id.value()));
  // Over the connection the peer dialled: a link that waits to be dialled
  // pings back through it (one connection per pair, never two racing).
  if (auto link = self->state.links.find(from); link != self->state.links.end() && sender)
    caf::anon_send(link->second, contact_atom::value, caf::actor_cast<broker_actor>(sender));
  return ping_reply{s.self.id, s.cluster_name};
}

node_usage usage_of(broker_ptr self) {
  auto usage = read_process_usage();
  usage.node = self->state.settings.self.id;
  usage.replicas = static_cast<int64_t>(self->state.replicas.size());
  return usage;
}

void on_peer_up(broker_ptr self, node_id peer, broker_actor& remote) {
  auto& st = self->state;
  st.peers[peer] = remote;
  tell_controller(self, peer_up_atom::value, peer, remote);
  if (st.members.mark_up(peer, unix_now_ms())) {
    wake_replicas(self);
    spdlog::info("peer {} is up ({}/{} peers up)", peer.value(), st.members.peers_up(),
                 st.members.peer_count());
  }
}

void on_peer_down(broker_ptr self, node_id peer, const std::string& reason) {
  auto& st = self->state;
  st.peers.erase(peer);
  st.outbox.drop(peer);
  tell_controller(self, peer_down_atom::value, peer, reason);
  if (st.members.mark_down(peer, reason, unix_now_ms())) {
    wake_replicas(self);
    spdlog::warn("peer {} is down: {} ({}/{} peers up)", peer.value(), reason,
                 st.members.peers_up(), st.members.peer_count());
  }
}

} // namespace strom::broker_detail
