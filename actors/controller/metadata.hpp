#pragma once
// The values the controller's table holds: brokers, topics, their config and
// each partition's replica set. Plain data: no CAF, no Protobuf.

#include <cstdint>
#include <string>
#include <vector>

#include "messages/record_batch.hpp"
#include "messages/topic_config.hpp"
#include "messages/types.hpp"

namespace strom {

// A topic's identity for its whole life; a topic deleted and recreated under
// the same name gets a new one (Kafka's topic id, here a counter).
using topic_id = strong_id<int64_t, struct topic_id_tag>;

struct broker_info {
  node_address address; // address.id is the broker's id
  bool alive = true;
};

struct partition_assignment {
  partition_id partition;
  group_id group;               // the partition's raft group, never reused
  std::vector<node_id> replicas; // replicas[0] is the preferred leader

  node_id preferred_leader() const { return replicas.front(); }
};

struct topic_info {
  std::string name;
  topic_id id;
  int32_t replication_factor = 0;
  topic_config config;
  std::vector<partition_assignment> partitions; // partitions[i].partition == i

  int32_t partition_count() const { return static_cast<int32_t>(partitions.size()); }
};

// One partition with the topic it belongs to: what a broker's backend needs to
// start or stop a replica.
struct placed_partition {
  std::string topic;
  topic_id id;
  partition_assignment assignment;
};

} // namespace strom
