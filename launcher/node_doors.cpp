// The front doors of `strom node`: each opens on the port the manifest
// gives this node, and stays closed when the manifest gives none.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"
#include "net/text/text_door.hpp"

namespace strom {

namespace {

void host_text_door(node_context& node) {
  if (!node.self.text_port)
    return;
  text_door_settings s;
  s.config.host = node.self.host;
  s.config.port = *node.self.text_port;
  s.broker = node.services.broker;
  s.broker_endpoint = endpoint_of(node.self.address());
  s.security = door_security_of(node, "text");
  auto door = start_text_door(node.sys, std::move(s));
  if (!door) {
    spdlog::error("node {}: text door cannot listen on {}:{}: {}", node.self.id.value(),
                  node.self.host, *node.self.text_port, node.sys.render(door.error()));
    node.failed = true;
    return;
  }
  node.owned.push_back(*door);
}

} // namespace

std::optional<door_security> door_security_of(const node_context& node, const std::string& door) {
  if (!node.security)
    return std::nullopt;
  return door_security{node.cluster.security->client_of(node.self.id),
                       node.cluster.security->mechanisms_of(door), node.security};
}

void host_front_doors(node_context& node) {
  host_text_door(node);
  host_http_door(node);
  host_grpc_door(node);
  host_kafka_door(node);
  host_client_door(node);
}

} // namespace strom
