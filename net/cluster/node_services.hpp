#pragma once
// What makes a process a node of the cluster: its broker, published on the
// manifest's port (or where `routes` binds it), and a link to every peer.

#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "actors/broker/broker.hpp"
#include "net/cluster/link_config.hpp"
#include "net/cluster/node_routes.hpp"

namespace strom {

struct node_services {
  local_broker_actor broker;
  std::vector<caf::actor> links;
  uint16_t port = 0;
};

caf::expected<node_services> start_node_services(caf::actor_system& sys,
                                                 const broker_settings& settings,
                                                 const link_config& links,
                                                 const node_routes& routes = {});

// Sends every actor of the node its exit and closes the port.
void stop_node_services(caf::actor_system& sys, node_services& services);

} // namespace strom
