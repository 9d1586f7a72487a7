#include "net/cluster/node_services.hpp"

#include <caf/io/middleman.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "net/cluster/peer_link.hpp"

namespace strom {

caf::expected<node_services> start_node_services(caf::actor_system& sys,
                                                 const broker_settings& settings,
                                                 const link_config& links,
                                                 const node_routes& routes) {
  node_services out;
  out.broker = sys.spawn(broker, settings);
  auto published = caf::actor_cast<broker_actor>(out.broker);
  const auto& bind = routes.bind ? *routes.bind : settings.self;
  auto port = sys.middleman().publish(published, bind.port, bind.host.c_str(), true);
  if (!port) {
    caf::anon_send_exit(out.broker, caf::exit_reason::user_shutdown);
    return std::move(port.error());
  }
  out.port = *port;
  for (const auto& peer : settings.all_nodes) {
    if (peer.id == settings.self.id)
      continue;
    auto route = routes.peers.find(peer.id);
    const auto& dial = route != routes.peers.end() ? route->second : peer;
    peer_link_settings link{settings.cluster_name, settings.self, dial, links, out.broker};
    link.dials = settings.self.id < peer.id;
    out.links.push_back(sys.spawn(peer_link, std::move(link)));
    caf::anon_send(out.broker, register_atom::value, peer.id, out.links.back());
  }
  return out;
}

void stop_node_services(caf::actor_system& sys, node_services& services) {
  for (auto& link : services.links)
    caf::anon_send_exit(link, caf::exit_reason::user_shutdown);
  if (services.broker) {
    auto published = caf::actor_cast<broker_actor>(services.broker);
    if (auto done = sys.middleman().unpublish(published, services.port); !done)
      spdlog::debug("unpublish: {}", sys.render(done.error()));
    caf::anon_send_exit(services.broker, caf::exit_reason::user_shutdown);
  }
  services = node_services{};
}

} // namespace strom
