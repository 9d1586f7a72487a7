#pragma once
// Where a topic's replicas go: Kafka's rack-unaware assignment
// (AdminUtils.assignReplicasToBrokersRackUnaware), with the random start index
// and replica shift replaced by values the caller derives from the table, so
// every node computes the same placement.
//
// Partition p's preferred leader is brokers[(p + start_index) % n]: leaders go
// round-robin. Its followers follow the leader at a distance of
// 1 + (shift + j) % (n - 1), and the shift grows by one every n partitions, so
// the followers of one leader are not always the same brokers.

#include <cstdint>
#include <vector>

#include "messages/types.hpp"

namespace strom {

struct placement_request {
  std::vector<node_id> brokers; // live brokers, sorted by id, no duplicates
  int32_t replication_factor = 1; // 1 <= replication_factor <= brokers.size()
  int32_t partition_count = 0;    // partitions to place
  int32_t first_partition = 0;    // id of the first one (add_partitions: the old count)
  int64_t start_index = 0;
  int64_t replica_shift = 0;
};

// One replica list per partition, first_partition onwards; replicas[0] is the
// preferred leader. Replicas of a partition are distinct brokers.
std::vector<std::vector<node_id>> place_replicas(const placement_request& request);

} // namespace strom
