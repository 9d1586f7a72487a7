// A snapshot restores the same table, ids continue where they were, and a
// corrupt or hostile snapshot is a typed error.

#include <cstdint>
#include <random>

#include <gtest/gtest.h>

#include "actors/controller/topic_table.hpp"
#include "messages/controller.pb.h"
#include "tests/unit/controller/table_fixtures.hpp"
#include "tests/support/test_seed.hpp"

namespace strom {
namespace {

topic_table populated() {
  topic_table table;
  test::register_brokers(table, 4);
  EXPECT_TRUE(table.apply(test::create("orders", 6, 3)));
  EXPECT_TRUE(table.apply(test::create("gone", 2, 1)));
  EXPECT_TRUE(table.apply(delete_topic_command{"gone"}));
  EXPECT_TRUE(table.apply(set_broker_alive_command{node_id{4}, false}));
  EXPECT_TRUE(table.apply(allocate_producer_id_command{}));
  EXPECT_TRUE(table.apply(create_topic_command{"events", 3, 2, {5, 6, 7, {}}}));
  EXPECT_TRUE(table.apply(alter_topic_config_command{
    "orders", {{"min.insync.replicas", config_op::set, "2"},
               {"message.timestamp.type", config_op::set, "LogAppendTime"}}}));
  return table;
}

void expect_refused(std::string_view bytes) {
  auto restored = topic_table::restore(bytes);
  ASSERT_FALSE(restored) << "a bad snapshot was restored";
  EXPECT_EQ(restored.error().code, errc::bad_request);
}

TEST(topic_table_snapshot, restores_the_same_table) {
  auto original = populated();
  auto restored = topic_table::restore(original.snapshot());
  ASSERT_TRUE(restored) << restored.error().describe();
  EXPECT_EQ(restored->snapshot(), original.snapshot());
  EXPECT_EQ(restored->list_topics(), original.list_topics());
  EXPECT_FALSE(restored->broker(node_id{4})->alive);
  EXPECT_EQ(restored->describe_topic("events")->config, (topic_config{5, 6, 7, {}}));
  EXPECT_EQ(restored->describe_topic("orders")->config, original.describe_topic("orders")->config);
  EXPECT_EQ(restored->describe_topic("orders")->config.min_insync_replicas, 2);
  auto where = restored->find_group(group_id{3});
  ASSERT_TRUE(where);
  EXPECT_EQ(where->topic, "orders");
}

TEST(topic_table_snapshot, a_restored_table_continues_exactly_like_the_original) {
  auto original = populated();
  auto restored = topic_table::restore(original.snapshot());
  ASSERT_TRUE(restored);
  for (auto* table : {&original, &*restored}) {
    ASSERT_TRUE(table->apply(test::create("later", 4, 2)));
    ASSERT_TRUE(table->apply(allocate_producer_id_command{}));
  }
  EXPECT_EQ(restored->snapshot(), original.snapshot());
  EXPECT_EQ(restored->find_topic("later")->partitions[0].group, group_id{12})
    << "6 + 2 (deleted) + 3 groups were used before";
}

TEST(topic_table_snapshot, an_empty_table_round_trips) {
  topic_table empty;
  auto restored = topic_table::restore(empty.snapshot());
  ASSERT_TRUE(restored) << restored.error().describe();
  EXPECT_EQ(restored->snapshot(), empty.snapshot());
}

TEST(topic_table_snapshot, inconsistent_snapshots_are_refused) {
  wire::ControllerSnapshot good;
  ASSERT_TRUE(good.ParseFromString(populated().snapshot()));
  auto mutate = [&](auto change) {
    auto copy = good;
    change(copy);
    expect_refused(copy.SerializeAsString());
  };
  mutate([](auto& s) { s.mutable_topics(0)->mutable_partitions(1)->set_group_id(1); });
  mutate([](auto& s) { s.mutable_topics(0)->mutable_partitions(0)->set_replicas(0, 99); });
  mutate([](auto& s) { s.mutable_topics(0)->mutable_partitions(0)->set_partition(5); });
  mutate([](auto& s) { s.mutable_topics(0)->mutable_partitions(0)->add_replicas(1); });
  mutate([](auto& s) {
    auto* p = s.mutable_topics(0)->mutable_partitions(0);
    p->set_replicas(1, p->replicas(0));
  });
  mutate([](auto& s) { s.mutable_topics(0)->set_topic_id(s.next_topic_id()); });
  mutate([](auto& s) { s.mutable_topics(0)->set_name("bad name"); });
  mutate([](auto& s) { *s.add_topics() = s.topics(0); });
  mutate([](auto& s) { *s.add_brokers() = s.brokers(0); });
  mutate([](auto& s) { s.mutable_brokers(0)->set_port(0); });
  mutate([](auto& s) { s.set_next_group_id(3); });
  mutate([](auto& s) { s.set_next_topic_id(0); });
  // Counters with no room to count up (found by tests/fuzz/controller_snapshot).
  mutate([](auto& s) { s.set_next_producer_id(INT64_MAX); });
  mutate([](auto& s) { s.set_next_topic_id(INT64_MAX); });
  mutate([](auto& s) { s.set_next_group_id(INT64_MAX); });
  mutate([](auto& s) { s.set_placement_cursor(INT64_MAX); });
}

TEST(topic_table_snapshot, garbage_gives_typed_errors) {
  auto bytes = populated().snapshot();
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937_64 random(seed);
  for (int round = 0; round < 5'000; ++round) {
    std::string garbage(random() % 64, '\0');
    for (auto& c : garbage)
      c = static_cast<char>(random());
    auto restored = topic_table::restore(garbage);
    if (!restored) {
      EXPECT_EQ(restored.error().code, errc::bad_request);
    }
  }
  for (size_t i = 0; i < bytes.size() * 8; ++i) {
    auto flipped = bytes;
    flipped[i / 8] = static_cast<char>(flipped[i / 8] ^ (1 << (i % 8)));
    auto restored = topic_table::restore(flipped);
    if (!restored) {
      EXPECT_EQ(restored.error().code, errc::bad_request);
    }
  }
  for (size_t length = 0; length < bytes.size(); ++length) {
    auto restored = topic_table::restore(std::string_view{bytes}.substr(0, length));
    if (!restored) {
      EXPECT_EQ(restored.error().code, errc::bad_request);
    }
  }
}

} // namespace
} // namespace strom
