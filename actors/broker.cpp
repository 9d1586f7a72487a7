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
    [=](peer_up_atom, node_id peer) {
      if (self->state.members.mark_up(peer, unix_ms_now()))
        spdlog::info("peer {} is up ({}/{} peers up)", peer.value(),
                     self->state.members.peers_up(), self->state.members.peer_count());
    },
    [=](peer_down_atom, node_id peer, const std::string& reason) {
      if (self->state.members.mark_down(peer, reason, unix_ms_now()))
        spdlog::warn("peer {} is down: {} ({}/{} peers up)", peer.value(), reason,
                     self->state.members.peers_up(), self->state.members.peer_count());
    },
  };
}

} // namespace strom
