// What clients are told about the cluster, and how a client's topic spec
// becomes a command with the cluster's defaults.

#include <gtest/gtest.h>

#include "actors/controller/service/metadata_view.hpp"
#include "tests/unit/controller/table_fixtures.hpp"

namespace strom {
namespace {

TEST(metadata_view, a_spec_that_leaves_everything_out_gets_the_defaults) {
  topic_defaults defaults{3, 2, 1 << 20, 60'000};
  auto made = to_command(topic_spec{"orders"}, defaults);
  ASSERT_TRUE(made);
  auto& c = *made;
  EXPECT_EQ(c.name, "orders");
  EXPECT_EQ(c.partition_count, 3);
  EXPECT_EQ(c.replication_factor, 2);
  EXPECT_EQ(c.config.retention_bytes, 1 << 20);
  EXPECT_EQ(c.config.retention_ms, 60'000);
  EXPECT_EQ(c.config.batch_bytes_max, static_cast<int64_t>(default_batch_bytes_max));
}

TEST(metadata_view, what_a_spec_says_wins_over_the_defaults) {
  topic_spec spec{"orders", 6, 3, 4096, -1, 2048};
  auto made = to_command(spec, topic_defaults{3, 2, 1 << 20, 60'000});
  ASSERT_TRUE(made);
  auto& c = *made;
  EXPECT_EQ(c.partition_count, 6);
  EXPECT_EQ(c.replication_factor, 3);
  EXPECT_EQ(c.config.retention_bytes, 4096);
  EXPECT_EQ(c.config.retention_ms, -1) << "-1 (keep forever) is a value, not 'unset'";
  EXPECT_EQ(c.config.batch_bytes_max, 2048);
}

TEST(metadata_view, a_spec_may_name_any_topic_config_by_its_kafka_key) {
  topic_spec spec{"orders"};
  spec.configs = {{"message.timestamp.type", "LogAppendTime"}, {"retention.ms", "1000"}};
  auto c = to_command(spec, topic_defaults{});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->config.timestamps, timestamp_type::log_append_time);
  EXPECT_EQ(c->config.retention_ms, 1000);
  spec.configs = {{"retention.milliseconds", "1000"}};
  auto unknown = to_command(spec, topic_defaults{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, errc::invalid_config);
  EXPECT_NE(unknown.error().message.find("retention.milliseconds"), std::string::npos);
}

class described_cluster : public ::testing::Test {
protected:
  void SetUp() override {
    test::register_brokers(table_, 3);
    ASSERT_TRUE(table_.apply(test::create("orders", 2, 2)));
    ASSERT_TRUE(table_.apply(test::create("audit", 1, 1)));
    ASSERT_TRUE(table_.apply(set_broker_alive_command{node_id{3}, false}));
    orders_group_ = table_.find_topic("orders")->partitions[1].group;
    leaders_[controller_group] = {node_id{1}, term_id{5}};
    leaders_[orders_group_] = {node_id{2}, term_id{3}};
  }

  topic_table table_;
  leader_map leaders_;
  group_id orders_group_;
};

TEST_F(described_cluster, every_topic_brokers_leaders_and_the_controller_are_described) {
  auto m = describe_cluster(table_, {}, leaders_);
  ASSERT_TRUE(m) << m.error().describe();
  ASSERT_EQ(m->brokers.size(), 3u);
  EXPECT_TRUE(m->brokers[0].alive);
  EXPECT_FALSE(m->brokers[2].alive);
  EXPECT_EQ(m->brokers[1].address.port, 9002);
  ASSERT_EQ(m->topics.size(), 2u);
  EXPECT_EQ(m->topics[0].name, "audit") << "topics come sorted by name";
  const auto& orders = m->topics[1];
  EXPECT_EQ(orders.replication_factor, 2);
  ASSERT_EQ(orders.partitions.size(), 2u);
  EXPECT_EQ(orders.partitions[0].leader, node_id{-1}) << "no leader heard of yet";
  EXPECT_EQ(orders.partitions[1].group, orders_group_);
  EXPECT_EQ(orders.partitions[1].leader, node_id{2});
  EXPECT_EQ(orders.partitions[1].leader_term, term_id{3});
  EXPECT_EQ(orders.partitions[1].replicas.size(), 2u);
  EXPECT_EQ(m->controller_leader, node_id{1});
  EXPECT_EQ(m->controller_term, term_id{5});
}

TEST_F(described_cluster, named_topics_only_and_the_first_unknown_one_is_an_error) {
  auto one = describe_cluster(table_, {"orders"}, leaders_);
  ASSERT_TRUE(one) << one.error().describe();
  ASSERT_EQ(one->topics.size(), 1u);
  EXPECT_EQ(one->topics[0].name, "orders");
  auto unknown = describe_cluster(table_, {"orders", "nope", "gone"}, leaders_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, errc::unknown_topic);
  EXPECT_NE(unknown.error().message.find("nope"), std::string::npos) << unknown.error().message;
}

TEST_F(described_cluster, without_a_known_controller_leader_it_says_none) {
  leaders_.erase(controller_group);
  auto m = describe_cluster(table_, {}, leaders_);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->controller_leader, node_id{-1});
}

} // namespace
} // namespace strom
