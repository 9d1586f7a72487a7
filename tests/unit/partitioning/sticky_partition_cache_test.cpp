// Kafka's StickyPartitionCache: one partition per topic until its batch is
// sent, then a random other one with a leader; replayable from the seed.

#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "actors/partitioning/sticky_partition_cache.hpp"

namespace strom {
namespace {

topic_partitions all_available(int32_t count) {
  topic_partitions out{count, {}};
  for (int32_t p = 0; p < count; ++p)
    out.available.push_back(partition_id{p});
  return out;
}

std::vector<partition_id> sequence_of_batches(uint64_t seed, int batches) {
  sticky_partition_cache cache(seed);
  auto partitions = all_available(12);
  std::vector<partition_id> out;
  for (int i = 0; i < batches; ++i) {
    out.push_back(cache.partition("t", partitions));
    cache.next_partition("t", partitions, out.back());
  }
  return out;
}

TEST(sticky_partition_cache, the_same_seed_replays_the_same_choices) {
  EXPECT_EQ(sequence_of_batches(7, 200), sequence_of_batches(7, 200));
  EXPECT_NE(sequence_of_batches(7, 200), sequence_of_batches(8, 200));
}

TEST(sticky_partition_cache, consecutive_batches_never_repeat_a_partition) {
  auto batches = sequence_of_batches(3, 500);
  for (size_t i = 1; i < batches.size(); ++i)
    EXPECT_NE(batches[i], batches[i - 1]) << "batch " << i;
}

TEST(sticky_partition_cache, batches_spread_over_every_partition) {
  auto batches = sequence_of_batches(3, 1200);
  std::vector<int> per_partition(12, 0);
  for (auto p : batches)
    ++per_partition[static_cast<size_t>(p.value())];
  for (size_t p = 0; p < per_partition.size(); ++p) {
    // 100 expected each; a uniform choice stays well within [50, 150].
    EXPECT_GT(per_partition[p], 50) << "partition " << p;
    EXPECT_LT(per_partition[p], 150) << "partition " << p;
  }
}

TEST(sticky_partition_cache, only_partitions_with_a_leader_are_chosen) {
  sticky_partition_cache cache(11);
  topic_partitions partitions{10, {partition_id{2}, partition_id{7}, partition_id{9}}};
  std::set<partition_id> seen;
  auto current = cache.partition("t", partitions);
  for (int i = 0; i < 300; ++i) {
    seen.insert(current);
    current = cache.next_partition("t", partitions, current);
  }
  EXPECT_EQ(seen, (std::set<partition_id>{partition_id{2}, partition_id{7}, partition_id{9}}));
}

TEST(sticky_partition_cache, a_single_available_partition_is_kept) {
  sticky_partition_cache cache(11);
  topic_partitions partitions{10, {partition_id{4}}};
  EXPECT_EQ(cache.partition("t", partitions), partition_id{4});
  EXPECT_EQ(cache.next_partition("t", partitions, partition_id{4}), partition_id{4});
}

TEST(sticky_partition_cache, without_any_leader_any_partition_may_be_chosen) {
  sticky_partition_cache cache(5);
  topic_partitions partitions{4, {}};
  std::set<partition_id> seen;
  auto current = cache.partition("t", partitions);
  for (int i = 0; i < 200; ++i) {
    EXPECT_LT(current.value(), 4);
    EXPECT_GE(current.value(), 0);
    seen.insert(current);
    current = cache.next_partition("t", partitions, current);
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST(sticky_partition_cache, a_stale_new_batch_does_not_move_the_partition) {
  // Two batches completing for the old partition must move it once, not twice.
  sticky_partition_cache cache(9);
  auto partitions = all_available(8);
  auto first = cache.partition("t", partitions);
  auto second = cache.next_partition("t", partitions, first);
  EXPECT_EQ(cache.next_partition("t", partitions, first), second);
  EXPECT_EQ(cache.partition("t", partitions), second);
}

TEST(sticky_partition_cache, a_topic_recreated_smaller_gets_a_valid_partition) {
  sticky_partition_cache cache(1);
  auto large = all_available(100);
  auto chosen = cache.partition("t", large);
  while (chosen.value() < 10)
    chosen = cache.next_partition("t", large, chosen);
  auto small = all_available(3);
  EXPECT_LT(cache.partition("t", small).value(), 3);
}

} // namespace
} // namespace strom
