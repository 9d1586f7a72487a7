// Placement spreads replicas and preferred leaders evenly, as Kafka's
// rack-unaware assignment does.

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "actors/controller/placement.hpp"

namespace strom {
namespace {

std::vector<node_id> ids(std::initializer_list<int32_t> values) {
  std::vector<node_id> out;
  for (auto v : values)
    out.push_back(node_id{v});
  return out;
}

// Apache Kafka, core/src/test/scala/unit/kafka/admin/AdminTest.scala,
// testReplicaAssignment: brokers 0..4, 10 partitions, replication 3, fixed
// start index 0 (which Kafka also uses as the replica shift).
TEST(placement, matches_kafkas_replica_assignment_test) {
  auto placed = place_replicas({ids({0, 1, 2, 3, 4}), 3, 10, 0, 0, 0});
  std::vector<std::vector<node_id>> expected = {
    ids({0, 1, 2}), ids({1, 2, 3}), ids({2, 3, 4}), ids({3, 4, 0}), ids({4, 0, 1}),
    ids({0, 2, 3}), ids({1, 3, 4}), ids({2, 4, 0}), ids({3, 0, 1}), ids({4, 1, 2}),
  };
  EXPECT_EQ(placed, expected);
}

TEST(placement, six_partitions_of_three_replicas_on_three_brokers_are_even) {
  auto placed = place_replicas({ids({1, 2, 3}), 3, 6, 0, 1, 0});
  std::map<node_id, int> leaders, replicas;
  for (const auto& partition : placed) {
    ++leaders[partition.front()];
    std::set<node_id> distinct(partition.begin(), partition.end());
    EXPECT_EQ(distinct.size(), 3u) << "replicas of a partition must be distinct brokers";
    for (auto r : partition)
      ++replicas[r];
  }
  for (int b = 1; b <= 3; ++b) {
    EXPECT_EQ(leaders[node_id{b}], 2) << "broker " << b;
    EXPECT_EQ(replicas[node_id{b}], 6) << "broker " << b;
  }
}

TEST(placement, leaders_go_round_robin_from_the_start_index) {
  auto placed = place_replicas({ids({10, 20, 30, 40}), 2, 8, 0, 2, 0});
  for (size_t p = 0; p < placed.size(); ++p)
    EXPECT_EQ(placed[p].front(), ids({10, 20, 30, 40})[(p + 2) % 4]) << "partition " << p;
}

TEST(placement, added_partitions_continue_the_leader_round_robin) {
  auto whole = place_replicas({ids({1, 2, 3, 4, 5}), 3, 12, 0, 3, 3});
  auto tail = place_replicas({ids({1, 2, 3, 4, 5}), 3, 5, 7, 3, 3});
  ASSERT_EQ(tail.size(), 5u);
  for (size_t i = 0; i < tail.size(); ++i)
    EXPECT_EQ(tail[i].front(), whole[7 + i].front()) << "partition " << 7 + i;
}

TEST(placement, many_partitions_spread_within_one_of_even) {
  for (int32_t brokers = 1; brokers <= 7; ++brokers) {
    std::vector<node_id> live;
    for (int32_t b = 0; b < brokers; ++b)
      live.push_back(node_id{b});
    for (int32_t rf = 1; rf <= brokers; ++rf) {
      auto placed = place_replicas({live, rf, 100, 0, 5, 2});
      std::map<node_id, int> leaders;
      for (const auto& partition : placed) {
        ++leaders[partition.front()];
        EXPECT_EQ(std::set<node_id>(partition.begin(), partition.end()).size(),
                  static_cast<size_t>(rf));
      }
      for (auto& [id, count] : leaders)
        EXPECT_LE(std::abs(count - 100 / brokers), 1) << brokers << " brokers, rf " << rf;
    }
  }
}

} // namespace
} // namespace strom
