// The client library's door of `strom node`, on the node's client_port.
// Metadata through it names every node at its manifest host and
// client_port, so the door is given all of them.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"
#include "net/client_door/client_door.hpp"

namespace strom {

void host_client_door(node_context& node) {
  if (!node.self.client_port)
    return;
  client_door_settings s;
  s.host = node.self.host;
  s.port = *node.self.client_port;
  s.broker = node.services.broker;
  for (const auto& n : node.cluster.nodes)
    if (n.client_port)
      s.advertised[n.id] = endpoint{n.host, *n.client_port};
  s.security = door_security_of(node, "client");
  auto door = start_client_door(node.sys, std::move(s));
  if (!door) {
    spdlog::error("node {}: client door cannot listen on {}:{}: {}", node.self.id.value(),
                  node.self.host, *node.self.client_port, node.sys.render(door.error()));
    node.failed = true;
    return;
  }
  node.owned.push_back(*door);
}

} // namespace strom
