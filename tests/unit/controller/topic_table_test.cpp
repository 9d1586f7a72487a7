// The controller's table: create, delete, grow topics; brokers come and go;
// every refusal is typed and changes nothing; the same log gives the same
// table on every node.

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "actors/controller/topic_table.hpp"
#include "tests/unit/controller/table_fixtures.hpp"

namespace strom {
namespace {

using test::create;
using test::register_brokers;

// Applies a command that must fail, and checks the table did not change.
void expect_refused(topic_table& table, const controller_command& command, errc expected) {
  auto before = table.snapshot();
  auto validated = table.validate(command);
  ASSERT_FALSE(validated) << describe(command) << " passed validation";
  EXPECT_EQ(validated.error().code, expected) << validated.error().describe();
  auto applied = table.apply(command);
  ASSERT_FALSE(applied) << describe(command) << " was applied";
  EXPECT_EQ(applied.error().code, expected) << applied.error().describe();
  EXPECT_EQ(table.snapshot(), before) << "a refused " << describe(command) << " changed the table";
}

TEST(topic_table, a_created_topic_is_described_with_its_partitions) {
  topic_table table;
  register_brokers(table, 3);
  topic_config config{1000, 60'000, 2048, cleanup_policy::deletion};
  auto applied = table.apply(create_topic_command{"orders", 6, 3, config});
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(applied->created.size(), 6u);
  auto topic = table.describe_topic("orders");
  ASSERT_TRUE(topic);
  EXPECT_EQ(topic->id, topic_id{1});
  EXPECT_EQ(topic->replication_factor, 3);
  EXPECT_EQ(topic->config, config);
  ASSERT_EQ(topic->partition_count(), 6);
  for (int32_t p = 0; p < 6; ++p) {
    EXPECT_EQ(topic->partitions[p].partition, partition_id{p});
    EXPECT_EQ(topic->partitions[p].group, group_id{p + 1}) << "group 0 is the controller's";
    EXPECT_EQ(topic->partitions[p].replicas.size(), 3u);
  }
  EXPECT_EQ(table.list_topics(), std::vector<std::string>{"orders"});
}

TEST(topic_table, six_partitions_on_three_brokers_lead_two_each) {
  topic_table table;
  register_brokers(table, 3);
  ASSERT_TRUE(table.apply(create("orders", 6, 3)));
  std::map<node_id, int> leaders;
  for (const auto& p : table.find_topic("orders")->partitions)
    ++leaders[p.preferred_leader()];
  for (int b = 1; b <= 3; ++b)
    EXPECT_EQ(leaders[node_id{b}], 2) << "broker " << b;
  for (int b = 1; b <= 3; ++b)
    EXPECT_EQ(table.partitions_on(node_id{b}).size(), 6u) << "broker " << b;
}

TEST(topic_table, leaders_spread_across_topics_too) {
  topic_table table;
  register_brokers(table, 3);
  std::set<node_id> leaders;
  for (std::string name : {"a", "b", "c"}) {
    ASSERT_TRUE(table.apply(create(name, 1, 1)));
    leaders.insert(table.find_topic(name)->partitions[0].preferred_leader());
  }
  EXPECT_EQ(leaders.size(), 3u) << "three one-partition topics must not share a leader";
}

TEST(topic_table, refusals_are_typed_and_change_nothing) {
  topic_table table({100});
  register_brokers(table, 3);
  ASSERT_TRUE(table.apply(create("orders", 2, 2)));
  expect_refused(table, create("orders", 1, 1), errc::topic_exists);
  expect_refused(table, create("orders_v2", 1, 4), errc::invalid_replication_factor);
  expect_refused(table, create("orders_v2", 1, 0), errc::invalid_replication_factor);
  expect_refused(table, create("bad name", 1, 1), errc::bad_request);
  expect_refused(table, create("..", 1, 1), errc::bad_request);
  expect_refused(table, create(std::string(250, 'a'), 1, 1), errc::bad_request);
  expect_refused(table, create("zero", 0, 1), errc::bad_request);
  expect_refused(table, create("huge", 101, 1), errc::bad_request);
  expect_refused(table, create_topic_command{"cfg", 1, 1, {-2, -1, 100, {}}},
                 errc::invalid_config);
  expect_refused(table, create_topic_command{"cfg", 1, 1, {-1, -1, 0, {}}}, errc::invalid_config);
  expect_refused(table, delete_topic_command{"missing"}, errc::unknown_topic);
  expect_refused(table, add_partitions_command{"missing", 4}, errc::unknown_topic);
  expect_refused(table, add_partitions_command{"orders", 2}, errc::bad_request);
  expect_refused(table, add_partitions_command{"orders", 101}, errc::bad_request);
  expect_refused(table, set_broker_alive_command{node_id{9}, false}, errc::not_found);
  expect_refused(table, register_broker_command{node_address{node_id{4}, "h", 0}},
                 errc::bad_request);
  expect_refused(table, register_broker_command{node_address{node_id{-1}, "h", 1}},
                 errc::bad_request);
}

TEST(topic_table, names_differing_only_in_dot_and_underscore_collide) {
  topic_table table;
  register_brokers(table, 1);
  ASSERT_TRUE(table.apply(create("metrics.cpu", 1, 1)));
  expect_refused(table, create("metrics_cpu", 1, 1), errc::bad_request);
}

TEST(topic_table, replication_counts_only_live_brokers) {
  topic_table table;
  register_brokers(table, 3);
  ASSERT_TRUE(table.apply(set_broker_alive_command{node_id{3}, false}));
  expect_refused(table, create("orders", 1, 3), errc::invalid_replication_factor);
  ASSERT_TRUE(table.apply(create("orders", 12, 2)));
  EXPECT_TRUE(table.partitions_on(node_id{3}).empty()) << "a dead broker got a replica";
  ASSERT_TRUE(table.apply(register_broker_command{node_address{node_id{3}, "new-host", 1}}));
  EXPECT_TRUE(table.broker(node_id{3})->alive) << "registering again makes a broker alive";
  EXPECT_EQ(table.broker(node_id{3})->address.host, "new-host");
}

TEST(topic_table, deleted_topics_free_their_groups_and_ids_are_never_reused) {
  topic_table table;
  register_brokers(table, 2);
  ASSERT_TRUE(table.apply(create("orders", 3, 2)));
  auto deleted = table.apply(delete_topic_command{"orders"});
  ASSERT_TRUE(deleted);
  ASSERT_EQ(deleted->deleted.size(), 3u);
  EXPECT_EQ(deleted->deleted[0].assignment.group, group_id{1});
  EXPECT_FALSE(table.find_group(group_id{1}));
  EXPECT_EQ(table.describe_topic("orders").error().code, errc::unknown_topic);
  ASSERT_TRUE(table.apply(create("orders", 1, 1)));
  auto again = table.describe_topic("orders");
  EXPECT_EQ(again->id, topic_id{2}) << "a recreated topic is a new topic";
  EXPECT_EQ(again->partitions[0].group, group_id{4}) << "group ids are never reused";
  auto where = table.find_group(group_id{4});
  ASSERT_TRUE(where);
  EXPECT_EQ(where->topic, "orders");
  EXPECT_EQ(where->partition, partition_id{0});
}

TEST(topic_table, added_partitions_get_new_groups_and_continue_the_leader_rotation) {
  topic_table table;
  register_brokers(table, 3);
  ASSERT_TRUE(table.apply(create("other", 1, 1))); // moves the placement cursor
  ASSERT_TRUE(table.apply(create("orders", 3, 2)));
  auto added = table.apply(add_partitions_command{"orders", 6});
  ASSERT_TRUE(added) << added.error().describe();
  ASSERT_EQ(added->created.size(), 3u);
  const auto& partitions = table.find_topic("orders")->partitions;
  ASSERT_EQ(partitions.size(), 6u);
  for (int p = 3; p < 6; ++p) {
    EXPECT_EQ(partitions[p].partition, partition_id{p});
    EXPECT_EQ(partitions[p].group, group_id{2 + p}) << "partition " << p;
    EXPECT_EQ(partitions[p].preferred_leader(), partitions[p - 3].preferred_leader())
      << "partition " << p << " must continue the topic's round-robin";
  }
}

TEST(topic_table, producer_ids_are_handed_out_once) {
  topic_table table;
  for (int64_t expected = 0; expected < 3; ++expected) {
    auto applied = table.apply(allocate_producer_id_command{});
    ASSERT_TRUE(applied);
    EXPECT_EQ(applied->producer_id, producer_id{expected});
  }
}

// A node's block: the ids after it go to the next command.
TEST(topic_table, a_block_of_producer_ids_is_handed_out_whole) {
  topic_table table;
  auto block = table.apply(allocate_producer_id_command{1000});
  ASSERT_TRUE(block);
  EXPECT_EQ(block->producer_id, producer_id{0});
  auto next = table.apply(allocate_producer_id_command{1});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->producer_id, producer_id{1000});
  for (int32_t bad : {0, -1, producer_id_block_max + 1})
    EXPECT_EQ(table.validate(allocate_producer_id_command{bad}).error().code, errc::bad_request)
      << bad;
}

TEST(topic_table, partition_lookup_gives_typed_errors) {
  topic_table table;
  register_brokers(table, 1);
  ASSERT_TRUE(table.apply(create("orders", 2, 1)));
  EXPECT_TRUE(table.partition("orders", partition_id{1}));
  EXPECT_EQ(table.partition("orders", partition_id{2}).error().code, errc::unknown_partition);
  EXPECT_EQ(table.partition("orders", partition_id{-1}).error().code, errc::unknown_partition);
  EXPECT_EQ(table.partition("nope", partition_id{0}).error().code, errc::unknown_topic);
}

TEST(topic_table, garbage_command_bytes_are_bad_request_and_change_nothing) {
  topic_table table;
  register_brokers(table, 1);
  auto before = table.snapshot();
  for (std::string bytes : {std::string{"\xff\xff\xff"}, std::string{"\x0a\x05orders"},
                            std::string{"\x08"}}) {
    auto applied = table.apply(std::string_view{bytes});
    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().code, errc::bad_request);
  }
  EXPECT_EQ(table.snapshot(), before);
}

TEST(topic_table, an_alter_changes_only_the_keys_it_names) {
  topic_table table;
  register_brokers(table, 3);
  ASSERT_TRUE(table.apply(create("orders", 2, 3)));
  auto before = table.describe_topic("orders")->config;
  auto altered = table.apply(alter_topic_config_command{
    "orders", {{"retention.ms", config_op::set, "1000"},
               {"min.insync.replicas", config_op::set, "3"}}});
  ASSERT_TRUE(altered) << altered.error().describe();
  EXPECT_EQ(altered->reconfigured, (std::vector<std::string>{"orders"}));
  auto after = table.describe_topic("orders")->config;
  EXPECT_EQ(after.retention_ms, 1000);
  EXPECT_EQ(after.min_insync_replicas, 3);
  after.retention_ms = before.retention_ms;
  after.min_insync_replicas = before.min_insync_replicas;
  EXPECT_EQ(after, before) << "keys the alter did not name changed";
}

TEST(topic_table, a_refused_alter_changes_nothing) {
  topic_table table;
  register_brokers(table, 3);
  ASSERT_TRUE(table.apply(create("orders", 2, 2)));
  auto alter = [](std::string topic, std::string key, std::string value) {
    return alter_topic_config_command{std::move(topic),
                                      {{std::move(key), config_op::set, std::move(value)}}};
  };
  expect_refused(table, alter("nowhere", "retention.ms", "1"), errc::unknown_topic);
  expect_refused(table, alter("orders", "retention.minutes", "1"), errc::invalid_config);
  expect_refused(table, alter("orders", "retention.ms", "-7"), errc::invalid_config);
  expect_refused(table, alter("orders", "min.insync.replicas", "3"), errc::invalid_config);
  expect_refused(table, alter("orders", "cleanup.policy", "shred"), errc::invalid_config);
  // One bad change refuses the whole alter: the good one before it is not kept.
  expect_refused(table, alter_topic_config_command{"orders",
                                                   {{"retention.ms", config_op::set, "1"},
                                                    {"max.message.bytes", config_op::set, "0"}}},
                 errc::invalid_config);
}

// Every node applies the same committed log, including commands that fail.
TEST(topic_table, the_same_log_gives_the_same_table_on_every_node) {
  std::vector<std::string> log;
  for (int i = 1; i <= 5; ++i)
    log.push_back(encode_command(register_broker_command{
      node_address{node_id{i}, "h" + std::to_string(i), static_cast<uint16_t>(i)}}));
  log.push_back(encode_command(create("a", 7, 3)));
  log.push_back(encode_command(create("a", 7, 3))); // fails: exists
  log.push_back(encode_command(set_broker_alive_command{node_id{2}, false}));
  log.push_back(encode_command(create("b", 5, 4)));
  log.push_back(encode_command(create("c", 1, 5))); // fails: 4 live
  log.push_back(encode_command(add_partitions_command{"a", 10}));
  log.push_back(encode_command(delete_topic_command{"b"}));
  log.push_back(encode_command(allocate_producer_id_command{}));
  log.push_back(encode_command(create("d", 3, 2)));
  topic_table first, second;
  for (const auto& entry : log) {
    auto a = first.apply(std::string_view{entry});
    auto b = second.apply(std::string_view{entry});
    ASSERT_EQ(a.has_value(), b.has_value());
  }
  EXPECT_EQ(first.snapshot(), second.snapshot());
  EXPECT_EQ(first.list_topics(), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(first.next_group_id(), 1 + 7 + 5 + 3 + 3);
}

} // namespace
} // namespace strom
