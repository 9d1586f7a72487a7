// The gRPC front door of `strom node`, on the node's grpc_port.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"
#include "net/grpc/grpc_door.hpp"

namespace strom {

void host_grpc_door(node_context& node) {
  if (!node.self.grpc_port)
    return;
  grpc_door_settings s;
  s.config.host = node.self.host;
  s.config.port = *node.self.grpc_port;
  s.broker = node.services.broker;
  s.broker_endpoint = endpoint_of(node.self.address());
  s.security = door_security_of(node, "grpc");
  auto door = start_grpc_door(node.sys, std::move(s));
  if (!door) {
    spdlog::error("node {}: gRPC door cannot listen on {}:{}: {}", node.self.id.value(),
                  node.self.host, *node.self.grpc_port, node.sys.render(door.error()));
    node.failed = true;
    return;
  }
  node.owned.push_back(*door);
}

} // namespace strom
