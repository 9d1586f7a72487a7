#pragma once
// Turns the controller's table into what clients are told (metadata_types),
// and a client's topic_spec into a command with the cluster's defaults. Pure.

#include <map>
#include <utility>

#include "actors/controller/commands.hpp"
#include "actors/controller/topic_table.hpp"
#include "messages/metadata_types.hpp"

namespace strom {

// The leader of each raft group as this node last heard, with its term.
using leader_map = std::map<group_id, std::pair<node_id, term_id>>;

// What a topic gets when its spec leaves something out (the manifest's defaults).
struct topic_defaults {
  int32_t partitions = 1;
  int32_t replication_factor = 1;
  int64_t retention_bytes = -1;
  int64_t retention_ms = 7LL * 24 * 3600 * 1000;

  // What a topic's config is when nothing says otherwise: Kafka's defaults
  // with the manifest's retention.
  topic_config config() const;
  // The same for a topic of `replication_factor` replicas: min.insync.replicas
  // is the majority, what raft's commit waits for anyway.
  topic_config config_for(int32_t replication_factor) const;
};

// invalid_config naming the key of a config the spec gives that is unknown or
// whose value is not one of the key's.
result<create_topic_command> to_command(const topic_spec& spec, const topic_defaults& defaults);

topic_metadata to_metadata(const topic_info& topic, const leader_map& leaders);

// Every topic when `names` is empty; unknown_topic naming the first unknown one.
result<cluster_metadata> describe_cluster(const topic_table& table,
                                          const std::vector<std::string>& names,
                                          const leader_map& leaders);

} // namespace strom
