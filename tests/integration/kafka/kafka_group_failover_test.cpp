// A group of librdkafka consumers while the node coordinating it is killed
// with -9: the generation and every member's assignment are in
// __consumer_offsets, so the new coordinator carries on with them. The
// members go on in their generation (no rebalance reaches them) and read
// what is produced after the kill.

#include <gtest/gtest.h>

#include <signal.h>

#include "messages/error_category.hpp"
#include "tests/integration/kafka/rdkafka_group_support.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int32_t partition_count = 4;
constexpr auto delivery_wait = 120s;

class kafka_group_failover : public ::testing::Test {
protected:
  kafka_group_failover() : cluster_{3}, view_{cluster_} {
    cluster_.open_door_ports(test_cluster::door::kafka);
    cluster_.start_all();
  }

  void TearDown() override {
    if (HasFailure())
      std::cerr << cluster_.logs();
  }

  uint16_t door_of(int node) const {
    return cluster_.door_port_of(test_cluster::door::kafka, node_id{node});
  }

  // Every node's door but `without`'s.
  std::string bootstrap(int without = 0) const {
    std::string out;
    for (int n = 1; n <= 3; ++n)
      if (n != without)
        out += (out.empty() ? "" : ",") + std::string{"127.0.0.1:"}
               + std::to_string(door_of(n));
    return out;
  }

  // Records "v<first>".. to partition i % partition_count.
  void produce(const std::string& servers, int first, int count) {
    auto records = spread_records(first, count, partition_count);
    rdkafka_producer p{servers, {{"acks", "all"}, {"message.timeout.ms", "110000"}}};
    ASSERT_TRUE(p) << p.error();
    auto errors = p.send("carried", records, delivery_wait);
    ASSERT_TRUE(errors.empty()) << errors.front();
  }

  test_cluster cluster_;
  cluster_view view_;
};

TEST_F(kafka_group_failover, a_killed_coordinators_group_goes_on_in_its_generation) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  ASSERT_FALSE(view_.create_topic(topic_spec{"carried", partition_count, 3}, 30s));
  produce(bootstrap(), 0, 100);
  // Sessions long enough to outlast the coordinator's election and load:
  // what is tested is that the new one knows the group, not how fast.
  kafka_settings settings{{"partition.assignment.strategy", "range"},
                          {"session.timeout.ms", "45000"},
                          {"heartbeat.interval.ms", "500"},
                          {"enable.auto.commit", "false"}};
  consumers members;
  for (int i = 0; i < 2; ++i)
    members.push_back(std::make_unique<rdkafka_group_consumer>(
      bootstrap(), "carriers", std::vector<std::string>{"carried"}, settings));
  ASSERT_TRUE(serve_until(members, [&] {
    return shared_exactly(members, partition_count) && read_all(members, 0, 100);
  })) << shares_of(members);
  auto coordinator = find_coordinator(door_of(1), "carriers", 10s);
  ASSERT_TRUE(coordinator);
  std::vector<int> rebalances;
  std::vector<std::set<int32_t>> shares;
  for (const auto& c : members) {
    rebalances.push_back(c->rebalances());
    shares.push_back(c->assignment());
  }

  node_id victim{coordinator->node};
  cluster_.signal(victim, SIGKILL);
  cluster_.reap(victim);
  produce(bootstrap(victim.value()), 100, 100);
  ASSERT_TRUE(serve_until(members, [&] { return read_all(members, 100, 100); }))
    << values_read(members).size() << " of 200 read\n" << shares_of(members);
  auto moved = find_coordinator(door_of(victim.value() % 3 + 1), "carriers", 60s);
  ASSERT_TRUE(moved);
  EXPECT_NE(moved->node, victim.value());
  // Each member commits what it read since the kill: the new coordinator
  // takes a commit only from a member of the group's current generation,
  // so it knows them as the old one did.
  std::vector<bool> committed(members.size(), false);
  ASSERT_TRUE(serve_until(members, [&] {
    for (size_t i = 0; i < members.size(); ++i)
      committed[i] = committed[i] || members[i]->commit() == RD_KAFKA_RESP_ERR_NO_ERROR;
    return std::all_of(committed.begin(), committed.end(), [](bool c) { return c; });
  })) << shares_of(members);
  for (size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(members[i]->rebalances(), rebalances[i]) << shares_of(members);
    EXPECT_EQ(members[i]->assignment(), shares[i]);
  }
}

} // namespace
} // namespace strom::testing
