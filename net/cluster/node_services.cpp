#include "net/cluster/node_services.hpp"

#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "net/cluster/peer_link.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

namespace {
constexpr std::chrono::milliseconds unpublish_timeout_ms{2000};
} // namespace

caf::expected<node_services> start_node_services(caf::actor_system& sys,
                                                 const broker_settings& settings,
                                                 const link_config& links,
                                                 const node_routes& routes) {
  node_services out;
  out.broker = sys.spawn(broker, settings);
  auto published = caf::actor_cast<broker_actor>(out.broker);
  const auto& bind = routes.bind ? *routes.bind : settings.self;
  auto port = sys.has_openssl_manager()
                ? caf::openssl::publish(published, bind.port, bind.host.c_str(), true)
                : sys.middleman().publish(published, bind.port, bind.host.c_str(), true);
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
    // Asked of the manager directly: caf::openssl::unpublish does not compile in 0.17.6.
    caf::scoped_actor self{sys};
    self->request(link_middleman(sys), unpublish_timeout_ms, caf::unpublish_atom::value,
                  caf::actor_cast<caf::actor_addr>(published), services.port)
      .receive([] {}, [&](caf::error& err) { spdlog::debug("unpublish: {}", sys.render(err)); });
    caf::anon_send_exit(services.broker, caf::exit_reason::user_shutdown);
  }
  services = node_services{};
}

} // namespace strom
