// The backend's half of topic configs: each replica on this node runs with
// its topic's config, told again whenever the table changes it (an alter,
// or a whole table from the leader), so a change takes effect on every node
// without a restart. Retention and compaction go to the storage writer per
// raft group;
// the rest (max.message.bytes, message.timestamp.type, min.insync.replicas)
// to the replica's partition.

#include "actors/controller/service/controller_internal.hpp"

namespace strom::controller_detail {

namespace {

// Kafka's -1 is "no limit", storage's 0; Kafka's 0 keeps nothing but the
// last entry, which storage never drops anyway.
uint64_t bytes_bound(int64_t retention_bytes) {
  if (retention_bytes < 0)
    return 0;
  return static_cast<uint64_t>(std::max<int64_t>(retention_bytes, 1));
}

int64_t age_bound_ms(int64_t retention_ms) {
  if (retention_ms < 0)
    return 0;
  return std::max<int64_t>(retention_ms, 1);
}

// As Kafka's: retention.ms and retention.bytes delete only under a policy
// with "delete"; a compact-only topic keeps every key's last record forever.
storage::retention_policy retention_of(const topic_config& config) {
  if (config.cleanup == cleanup_policy::compaction)
    return storage::retention_policy{};
  return storage::retention_policy{bytes_bound(config.retention_bytes),
                                   age_bound_ms(config.retention_ms)};
}

storage::compaction_policy compaction_of(const topic_config& config) {
  bool compacted = config.cleanup == cleanup_policy::compaction ||
                   config.cleanup == cleanup_policy::compaction_and_deletion;
  return storage::compaction_policy{compacted, std::max<int64_t>(config.delete_retention_ms, 0)};
}

const topic_info* topic_of(self_ptr self, group_id group) {
  auto location = self->state.table.find_group(group);
  if (!location)
    return nullptr;
  return self->state.table.find_topic(location->topic);
}

} // namespace

void configure_partition(self_ptr self, group_id group, const replica_actor& replica) {
  auto& st = self->state;
  const auto* topic = topic_of(self, group);
  if (topic == nullptr)
    return;
  auto known = st.partition_configs.find(group);
  if (known != st.partition_configs.end() && known->second == topic->config)
    return;
  st.settings.writer->set_retention(group, retention_of(topic->config));
  st.settings.writer->set_compaction(group, compaction_of(topic->config));
  if (known != st.partition_configs.end())
    self->send(replica, alter_configs_atom::value, topic->config);
  st.partition_configs[group] = topic->config;
}

void configure_partitions(self_ptr self) {
  for (const auto& [group, replica] : self->state.partitions)
    configure_partition(self, group, replica);
}

void forget_partition_config(self_ptr self, group_id group) {
  self->state.partition_configs.erase(group);
  // Group ids are never reused: nothing of this group is kept any more.
  self->state.settings.writer->set_retention(group, storage::retention_policy{});
  self->state.settings.writer->set_compaction(group, storage::compaction_policy{});
}

} // namespace strom::controller_detail
