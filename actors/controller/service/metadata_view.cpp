#include "actors/controller/service/metadata_view.hpp"

namespace strom {

namespace {

int64_t or_default(int64_t value, int64_t fallback) {
  return value == config_unset ? fallback : value;
}

partition_metadata to_metadata(const partition_assignment& p, const leader_map& leaders) {
  partition_metadata out{p.partition, p.group, p.replicas, node_id{-1}, term_id{0}};
  if (auto it = leaders.find(p.group); it != leaders.end()) {
    out.leader = it->second.first;
    out.leader_term = it->second.second;
  }
  return out;
}

} // namespace

topic_config topic_defaults::config() const {
  topic_config out;
  out.retention_bytes = retention_bytes;
  out.retention_ms = retention_ms;
  return out;
}

topic_config topic_defaults::config_for(int32_t replication_factor) const {
  return defaults_for_replicas(config(), replication_factor);
}

result<create_topic_command> to_command(const topic_spec& spec, const topic_defaults& defaults) {
  create_topic_command c;
  c.name = spec.name;
  c.partition_count = spec.partitions > 0 ? spec.partitions : defaults.partitions;
  c.replication_factor =
    spec.replication_factor > 0 ? spec.replication_factor : defaults.replication_factor;
  c.config = defaults.config_for(c.replication_factor);
  c.config.retention_bytes = or_default(spec.retention_bytes, defaults.retention_bytes);
  c.config.retention_ms = or_default(spec.retention_ms, defaults.retention_ms);
  c.config.batch_bytes_max = or_default(spec.batch_bytes_max, c.config.batch_bytes_max);
  for (const auto& [key, value] : spec.configs)
    if (auto ok = set_config(c.config, key, value); !ok)
      return ok.error();
  return c;
}

topic_metadata to_metadata(const topic_info& topic, const leader_map& leaders) {
  topic_metadata out;
  out.name = topic.name;
  out.topic_id = topic.id.value();
  out.replication_factor = topic.replication_factor;
  out.config = topic.config;
  for (const auto& p : topic.partitions)
    out.partitions.push_back(to_metadata(p, leaders));
  return out;
}

result<cluster_metadata> describe_cluster(const topic_table& table,
                                          const std::vector<std::string>& names,
                                          const leader_map& leaders) {
  cluster_metadata out;
  for (const auto& b : table.brokers())
    out.brokers.push_back(broker_metadata{b.address, b.alive});
  auto wanted = names.empty() ? table.list_topics() : names;
  for (const auto& name : wanted) {
    auto topic = table.describe_topic(name);
    if (!topic)
      return topic.error();
    out.topics.push_back(to_metadata(*topic, leaders));
  }
  if (auto it = leaders.find(controller_group); it != leaders.end()) {
    out.controller_leader = it->second.first;
    out.controller_term = it->second.second;
  }
  return out;
}

} // namespace strom
