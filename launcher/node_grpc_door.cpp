// The gRPC front door of `strom node`, on the node's grpc_port.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"

namespace strom {

void host_grpc_door(node_context& node) {
  if (node.self.grpc_port)
    spdlog::warn("node {}: grpc_port {} stays closed: the gRPC door is not in this build yet",
                 node.self.id.value(), *node.self.grpc_port);
}

} // namespace strom
