#include "actors/partitioning/sticky_partition_cache.hpp"

#include "messages/check.hpp"

namespace strom {

int32_t sticky_partition_cache::next_positive() {
  return static_cast<int32_t>(random_() & 0x7fffffffu);
}

// StickyPartitionCache.nextPartition's choice: at random over all partitions
// when none has a leader, the only one when one has, else at random among
// those with a leader, never the old one.
partition_id sticky_partition_cache::choose(const topic_partitions& partitions,
                                            const partition_id* old) {
  STROM_CHECK(partitions.partition_count > 0);
  const auto& available = partitions.available;
  if (available.empty())
    return partition_id{next_positive() % partitions.partition_count};
  if (available.size() == 1)
    return available.front();
  const auto count = static_cast<int32_t>(available.size());
  for (;;) {
    auto candidate = available[static_cast<size_t>(next_positive() % count)];
    if (old == nullptr || candidate != *old)
      return candidate;
  }
}

partition_id sticky_partition_cache::partition(std::string_view topic,
                                               const topic_partitions& partitions) {
  auto found = sticky_.find(topic);
  if (found != sticky_.end() && found->second.value() < partitions.partition_count)
    return found->second;
  // First record of the topic, or the topic shrank under its sticky partition
  // (it was deleted and recreated with fewer partitions).
  auto chosen = choose(partitions, nullptr);
  sticky_[std::string{topic}] = chosen;
  return chosen;
}

partition_id sticky_partition_cache::next_partition(std::string_view topic,
                                                    const topic_partitions& partitions,
                                                    partition_id previous) {
  auto found = sticky_.find(topic);
  if (found == sticky_.end())
    return partition(topic, partitions);
  if (found->second != previous)
    return found->second;
  found->second = choose(partitions, &previous);
  return found->second;
}

} // namespace strom
