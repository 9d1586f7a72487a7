#include <gtest/gtest.h>

#include "net/door/node_readiness.hpp"

namespace strom {
namespace {

cluster_metadata cluster_of(std::vector<bool> alive, int32_t controller, int64_t applied) {
  cluster_metadata md;
  int32_t id = 1;
  for (bool a : alive)
    md.brokers.push_back({node_address{node_id{id++}, "127.0.0.1", 9300}, a});
  md.controller_leader = node_id{controller};
  md.controller_applied = raft_index{applied};
  return md;
}

bool names(const node_readiness& r, const std::string& part) {
  for (const auto& reason : r.reasons)
    if (reason.find(part) != std::string::npos)
      return true;
  return false;
}

TEST(node_readiness, ready_with_a_majority_a_controller_and_replicas_caught_up) {
  auto r = judge_readiness(cluster_of({true, true, false}, 2, 7), {5, 1, 0, 0, 0});
  EXPECT_TRUE(r.ready);
  EXPECT_TRUE(r.reasons.empty());
}

TEST(node_readiness, every_reason_is_named) {
  auto r = judge_readiness(cluster_of({true, false, false}, -1, 0), {5, 0, 2, 3, 0});
  EXPECT_FALSE(r.ready);
  EXPECT_TRUE(names(r, "not joined: 1 of 3")) << r.reasons.front();
  EXPECT_TRUE(names(r, "no controller leader"));
  EXPECT_TRUE(names(r, "2 replicas without a leader"));
  EXPECT_TRUE(names(r, "3 replicas catching up"));
  EXPECT_EQ(r.reasons.size(), 4u);
}

TEST(node_readiness, a_controller_without_its_table_is_not_enough) {
  auto r = judge_readiness(cluster_of({true, true, true}, 1, 0), {});
  EXPECT_FALSE(r.ready);
  EXPECT_TRUE(names(r, "table"));
  EXPECT_FALSE(judge_readiness(cluster_of({true, true, false, false}, 1, 3), {}).ready)
    << "two of four is no majority";
}

} // namespace
} // namespace strom
