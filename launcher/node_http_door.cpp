// The HTTP/REST and WebSocket front door of `strom node`, on the node's
// http_port.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"
#include "net/http/http_door.hpp"

namespace strom {

void host_http_door(node_context& node) {
  if (!node.self.http_port)
    return;
  http_door_settings s;
  s.config.host = node.self.host;
  s.config.port = *node.self.http_port;
  for (const auto& n : node.cluster.nodes)
    if (n.http_port)
      s.config.node_doors[n.id.value()] = {n.host, *n.http_port};
  s.client.broker = node.services.broker;
  s.client.broker_endpoint = endpoint_of(node.self.address());
  s.client.client_id = "strom-http-door";
  s.security = door_security_of(node, "http");
  auto door = start_http_door(node.sys, std::move(s));
  if (!door) {
    spdlog::error("node {}: HTTP door cannot listen on {}:{}: {}", node.self.id.value(),
                  node.self.host, *node.self.http_port, node.sys.render(door.error()));
    node.failed = true;
    return;
  }
  node.owned.push_back(*door);
}

} // namespace strom
