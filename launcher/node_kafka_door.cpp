// The Kafka door of `strom node`, on the node's kafka_port. Metadata
// advertises every node at its manifest host and kafka_port, so the door
// is given all of them.

#include <spdlog/spdlog.h>

#include "launcher/node_runner.hpp"
#include "net/kafka/kafka_door.hpp"

namespace strom {

namespace {

kafka::metadata_context metadata_of(const manifest& cluster) {
  kafka::metadata_context out;
  out.cluster_id = cluster.cluster_name;
  for (const auto& n : cluster.nodes)
    if (n.kafka_port)
      out.doors[n.id.value()] = {n.id.value(), n.host, *n.kafka_port};
  return out;
}

// The manifest's defaults under the names of Kafka's broker settings.
std::vector<std::pair<std::string, std::string>> broker_configs_of(const manifest& cluster) {
  const auto& d = cluster.defaults;
  return {{"num.partitions", std::to_string(d.partitions)},
          {"default.replication.factor", std::to_string(d.replication_factor)},
          {"log.retention.ms", std::to_string(d.retention_ms)},
          {"log.retention.bytes", std::to_string(d.retention_bytes)},
          {"auto.create.topics.enable", d.auto_create_topics ? "true" : "false"}};
}

} // namespace

void host_kafka_door(node_context& node) {
  if (!node.self.kafka_port)
    return;
  kafka_door_settings s;
  s.config.host = node.self.host;
  s.config.port = *node.self.kafka_port;
  s.config.metadata = metadata_of(node.cluster);
  s.config.broker_configs = broker_configs_of(node.cluster);
  s.config.topic_defaults = topic_defaults_of(node.cluster).config();
  s.config.auto_create_topics = node.cluster.defaults.auto_create_topics;
  s.broker = node.services.broker;
  s.security = door_security_of(node, "kafka");
  auto door = start_kafka_door(node.sys, std::move(s));
  if (!door) {
    spdlog::error("node {}: Kafka door cannot listen on {}:{}: {}", node.self.id.value(),
                  node.self.host, *node.self.kafka_port, node.sys.render(door.error()));
    node.failed = true;
    return;
  }
  node.owned.push_back(*door);
}

} // namespace strom
