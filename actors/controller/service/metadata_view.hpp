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
};

create_topic_command to_command(const topic_spec& spec, const topic_defaults& defaults);

topic_metadata to_metadata(const topic_info& topic, const leader_map& leaders);

// Every topic when `names` is empty; unknown_topic naming the first unknown one.
result<cluster_metadata> describe_cluster(const topic_table& table,
                                          const std::vector<std::string>& names,
                                          const leader_map& leaders);

} // namespace strom
