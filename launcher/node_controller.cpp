// What `strom node` runs besides the broker: the group service (the
// coordinator of the consumer groups whose partition of __consumer_offsets
// this node leads) and the controller service, which holds the node's
// metadata, its replica of the controller group (on controller nodes) and
// the replicas of every partition placed here.

#include "actors/controller/service/controller_service.hpp"
#include "actors/group/service/group_service.hpp"
#include "launcher/node_runner.hpp"

namespace strom {

topic_defaults topic_defaults_of(const manifest& m) {
  topic_defaults d;
  d.partitions = m.defaults.partitions;
  d.replication_factor = m.defaults.replication_factor;
  d.retention_bytes = m.defaults.retention_bytes;
  d.retention_ms = m.defaults.retention_ms;
  return d;
}

namespace {

group_service_actor host_groups(node_context& node) {
  group_service_settings s;
  s.self = node.self.id;
  s.broker = node.services.broker;
  auto service = start_group_service(node.sys, std::move(s));
  node.owned.push_back(caf::actor_cast<caf::actor>(service));
  return service;
}

} // namespace

void host_controller(node_context& node) {
  controller_service_settings s;
  s.groups = host_groups(node);
  s.self = node.self.address();
  s.nodes = node.cluster.addresses();
  for (const auto& n : node.cluster.nodes)
    if (n.controller)
      s.controllers.insert(n.id);
  s.defaults = topic_defaults_of(node.cluster);
  s.broker = node.services.broker;
  s.environment = node.storage.environment.get();
  s.writer = node.storage.writer.get();
  s.security = node.security;
  const auto& d = node.cluster.defaults;
  s.compaction.entries_max = static_cast<uint64_t>(d.controller_snapshot_entries);
  s.compaction.bytes_max = static_cast<uint64_t>(d.controller_snapshot_bytes);
  auto service = start_controller(node.sys, std::move(s));
  node.owned.push_back(caf::actor_cast<caf::actor>(service));
}

} // namespace strom
