#pragma once
// Kafka's StickyPartitionCache (the default partitioner's choice for records
// without a key, Kafka 2.4 to 3.2): every keyless record of a topic goes to
// the same partition until the batch for it is sent or full, then the
// producer moves on to another partition, picked at random among those with a
// leader. Whole batches instead of one record per partition round-robin:
// fewer, fuller requests. The random source is seeded, so a run replays.

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "messages/types.hpp"

namespace strom {

// What the producer's metadata says about a topic's partitions.
struct topic_partitions {
  int32_t partition_count = 0;
  // Partitions whose leader is known (Kafka's availablePartitionsForTopic).
  std::vector<partition_id> available;
};

class sticky_partition_cache {
public:
  explicit sticky_partition_cache(uint64_t seed) : random_(seed) {}

  // The topic's sticky partition, choosing one the first time.
  // partitions.partition_count > 0.
  partition_id partition(std::string_view topic, const topic_partitions& partitions);

  // The batch for `previous` was sent or is full: move to another partition,
  // unless another caller has moved on already (the sticky partition is no
  // longer `previous`). Returns the topic's sticky partition afterwards.
  partition_id next_partition(std::string_view topic, const topic_partitions& partitions,
                              partition_id previous);

private:
  partition_id choose(const topic_partitions& partitions, const partition_id* old);
  // Utils.toPositive(random.nextInt())
  int32_t next_positive();

  std::mt19937_64 random_;
  std::map<std::string, partition_id, std::less<>> sticky_;
};

} // namespace strom
