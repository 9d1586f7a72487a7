// The HTTP front door of `strom node`, on the node's http_port.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"

namespace strom {

void host_http_door(node_context& node) {
  if (node.self.http_port)
    spdlog::warn("node {}: http_port {} stays closed: the HTTP door is not in this build yet",
                 node.self.id.value(), *node.self.http_port);
}

} // namespace strom
