#pragma once
// The cluster's metadata as clients see it: brokers, topics, partitions and
// where their leaders are, plus the requests that change topics.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "messages/topic_config.hpp"
#include "messages/types.hpp"

namespace strom {

// A topic setting the request leaves to the cluster's defaults.
inline constexpr int64_t config_unset = std::numeric_limits<int64_t>::min();

struct topic_spec {
  std::string name;
  int32_t partitions = 0;         // 0: the manifest's default
  int32_t replication_factor = 0; // 0: the manifest's default
  int64_t retention_bytes = config_unset;
  int64_t retention_ms = config_unset;
  int64_t batch_bytes_max = config_unset;
  // Any topic config by Kafka's key (topic_config.hpp), after the fields above.
  std::vector<config_text> configs{};

  template <class Inspector>
  friend auto inspect(Inspector& f, topic_spec& x) {
    return f(x.name, x.partitions, x.replication_factor, x.retention_bytes, x.retention_ms,
             x.batch_bytes_max, x.configs);
  }
};

struct partition_metadata {
  partition_id partition;
  group_id group; // the partition's raft group: what produce and fetch name
  std::vector<node_id> replicas; // replicas[0] is the preferred leader
  // As the answering node knows it: no_leader when it does not.
  node_id leader{-1};
  term_id leader_term;

  template <class Inspector>
  friend auto inspect(Inspector& f, partition_metadata& x) {
    return f(x.partition, x.group, x.replicas, x.leader, x.leader_term);
  }
};

// Which node leads a raft group, and in which term: what each node tells the
// others of the groups it leads, so that a node can name the leader of a
// partition it holds no replica of (a replication-1 partition elsewhere).
struct leader_report {
  group_id group;
  node_id leader{-1};
  term_id term;

  template <class Inspector>
  friend auto inspect(Inspector& f, leader_report& x) {
    return f(x.group, x.leader, x.term);
  }
};

struct topic_metadata {
  std::string name;
  int64_t topic_id = 0;
  int32_t replication_factor = 0;
  topic_config config;
  std::vector<partition_metadata> partitions; // partitions[i].partition == i

  template <class Inspector>
  friend auto inspect(Inspector& f, topic_metadata& x) {
    return f(x.name, x.topic_id, x.replication_factor, x.config, x.partitions);
  }
};

struct broker_metadata {
  node_address address;
  bool alive = false;

  template <class Inspector>
  friend auto inspect(Inspector& f, broker_metadata& x) {
    return f(x.address, x.alive);
  }
};

struct cluster_metadata {
  std::vector<broker_metadata> brokers;
  std::vector<topic_metadata> topics;
  // The controller (raft group 0) as the answering node knows it.
  node_id controller_leader{-1};
  term_id controller_term;
  // How far the answering node has applied the controller's log.
  raft_index controller_applied;

  template <class Inspector>
  friend auto inspect(Inspector& f, cluster_metadata& x) {
    return f(x.brokers, x.topics, x.controller_leader, x.controller_term,
             x.controller_applied);
  }
};

} // namespace strom
