#include "actors/partitioning/partitioner.hpp"

#include "actors/partitioning/murmur2.hpp"

namespace strom {

result<partition_id> partitioner::partition(const partition_request& request,
                                            const topic_partitions& partitions) {
  const int32_t count = partitions.partition_count;
  if (count <= 0)
    return strom::error{errc::unknown_topic,
                        "topic " + std::string{request.topic} + " has no partitions"};
  if (request.explicit_partition) {
    auto chosen = *request.explicit_partition;
    if (chosen.value() < 0 || chosen.value() >= count)
      return strom::error{errc::unknown_partition,
                          "partition " + std::to_string(chosen.value()) + " of topic "
                            + std::string{request.topic} + " (it has "
                            + std::to_string(count) + ")"};
    return chosen;
  }
  if (request.key)
    return kafka_key_partition(*request.key, count);
  return sticky_.partition(request.topic, partitions);
}

void partitioner::on_new_batch(std::string_view topic, const topic_partitions& partitions,
                               partition_id previous) {
  if (partitions.partition_count > 0)
    sticky_.next_partition(topic, partitions, previous);
}

} // namespace strom
