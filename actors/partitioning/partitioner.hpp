#pragma once
// The producer's choice of partition, as Kafka's DefaultPartitioner makes it:
//   1. the record names a partition: that one;
//   2. the record has a key (even an empty one): toPositive(murmur2(key)) %
//      partition count, over all partitions whether or not they have a leader,
//      so a key always lands on the same partition;
//   3. no key: the sticky partition (sticky_partition_cache.hpp).
// Pure: no CAF, no clock; the client library's producer actor owns one.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/partitioning/sticky_partition_cache.hpp"
#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

struct partition_request {
  std::string_view topic;
  std::optional<std::string_view> key; // nullopt: a null key; "" is a key
  std::optional<partition_id> explicit_partition;
};

class partitioner {
public:
  explicit partitioner(uint64_t seed) : sticky_(seed) {}

  // unknown_topic when the topic has no partitions, unknown_partition for an
  // explicit partition outside [0, partition_count).
  result<partition_id> partition(const partition_request& request,
                                 const topic_partitions& partitions);

  // Kafka's onNewBatch: the batch being filled for `previous` was sent or is
  // full, so keyless records move to another partition.
  void on_new_batch(std::string_view topic, const topic_partitions& partitions,
                    partition_id previous);

private:
  sticky_partition_cache sticky_;
};

} // namespace strom
