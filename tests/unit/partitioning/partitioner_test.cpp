// The default partitioner's three rules, in Kafka's order: explicit
// partition, then the key's hash, then the sticky partition.

#include <gtest/gtest.h>

#include "actors/partitioning/murmur2.hpp"
#include "actors/partitioning/partitioner.hpp"

namespace strom {
namespace {

topic_partitions all_available(int32_t count) {
  topic_partitions out{count, {}};
  for (int32_t p = 0; p < count; ++p)
    out.available.push_back(partition_id{p});
  return out;
}

TEST(partitioner, an_explicit_partition_wins_over_the_key) {
  partitioner chooser(1);
  auto chosen = chooser.partition({"orders", std::string_view{"foobar"}, partition_id{4}},
                                  all_available(6));
  ASSERT_TRUE(chosen);
  EXPECT_EQ(*chosen, partition_id{4});
}

TEST(partitioner, an_explicit_partition_out_of_range_is_unknown_partition) {
  partitioner chooser(1);
  for (int32_t bad : {6, 100, -1}) {
    auto chosen = chooser.partition({"orders", std::nullopt, partition_id{bad}}, all_available(6));
    ASSERT_FALSE(chosen) << "partition " << bad;
    EXPECT_EQ(chosen.error().code, errc::unknown_partition);
  }
}

TEST(partitioner, a_topic_without_partitions_is_unknown_topic) {
  partitioner chooser(1);
  auto chosen = chooser.partition({"ghost", std::string_view{"k"}, std::nullopt}, {0, {}});
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code, errc::unknown_topic);
}

TEST(partitioner, a_key_goes_where_kafka_puts_it_even_without_a_leader) {
  partitioner chooser(1);
  // Only partition 5 has a leader: Kafka still hashes over all partitions.
  topic_partitions partitions{6, {partition_id{5}}};
  for (std::string key : {"foobar", "21", "kafka", "a-little-bit-long-string"}) {
    auto chosen = chooser.partition({"orders", std::string_view{key}, std::nullopt}, partitions);
    ASSERT_TRUE(chosen);
    EXPECT_EQ(*chosen, kafka_key_partition(key, 6)) << "key " << key;
  }
  // "foobar" -> toPositive(-790332482) % 6 == 0 (Kafka's UtilsTest hash).
  EXPECT_EQ(*chooser.partition({"orders", std::string_view{"foobar"}, std::nullopt}, partitions),
            partition_id{0});
}

TEST(partitioner, an_empty_key_is_hashed_not_sticky) {
  partitioner chooser(1);
  auto chosen = chooser.partition({"orders", std::string_view{""}, std::nullopt}, all_available(7));
  ASSERT_TRUE(chosen);
  // librdkafka's unittest: murmur2("") == 0x106e08d9.
  EXPECT_EQ(*chosen, partition_id{0x106e08d9 % 7});
}

TEST(partitioner, keyless_records_stick_until_the_batch_is_sent) {
  partitioner chooser(42);
  auto partitions = all_available(6);
  auto first = chooser.partition({"orders", std::nullopt, std::nullopt}, partitions);
  ASSERT_TRUE(first);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(*chooser.partition({"orders", std::nullopt, std::nullopt}, partitions), *first);
  chooser.on_new_batch("orders", partitions, *first);
  auto second = chooser.partition({"orders", std::nullopt, std::nullopt}, partitions);
  ASSERT_TRUE(second);
  EXPECT_NE(*second, *first) << "a new batch must move to another partition";
}

TEST(partitioner, topics_stick_independently) {
  partitioner chooser(42);
  auto partitions = all_available(50);
  auto a = *chooser.partition({"a", std::nullopt, std::nullopt}, partitions);
  auto b = *chooser.partition({"b", std::nullopt, std::nullopt}, partitions);
  chooser.on_new_batch("b", partitions, b);
  EXPECT_EQ(*chooser.partition({"a", std::nullopt, std::nullopt}, partitions), a)
    << "a new batch of topic b must not move topic a";
}

} // namespace
} // namespace strom
