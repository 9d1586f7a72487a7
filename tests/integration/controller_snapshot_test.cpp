// The controller's raft group snapshots its table and drops the log before
// it (defaults.controller_snapshot), on three real nodes with a bound of 20
// commands: a node killed and restarted rebuilds the table from its
// snapshot; a node down while the others dropped the log it lacks catches up
// from the leader's snapshot. And producer ids come in blocks, so that
// producers do not grow that log.

#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <set>
#include <string>

#include "messages/error_category.hpp"
#include "net/client/admin_client.hpp"
#include "tests/integration/support/cluster_view.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

class controller_snapshot : public ::testing::Test {
protected:
  controller_snapshot()
      : cluster_{3, "defaults:\n  controller_snapshot: {entries: 20}\n"}, view_{cluster_} {
    cluster_.start_all();
  }

  admin_client admin(node_id id) {
    return admin_client{view_.system(), {cluster_.endpoint_of(id)}, 5000ms};
  }

  // Creates topics prefix0 .. prefix<count-1> through node `via`, one
  // partition each on `replicas` nodes: one controller command apiece.
  void create_topics(node_id via, const std::string& prefix, int count, int replicas = 3) {
    for (int i = 0; i < count; ++i) {
      topic_spec spec;
      spec.name = prefix + std::to_string(i);
      spec.partitions = 1;
      spec.replication_factor = replicas;
      auto made = admin(via).create_topic(spec);
      ASSERT_TRUE(made) << spec.name << ": " << describe(made.error());
    }
  }

  // The index node `id`'s controller replica last snapshotted at (-1: no answer).
  int64_t snapshot_of(node_id id) {
    auto s = admin(id).status(controller_group);
    return s ? s->snapshot.value() : -1;
  }

  // Whether node `id` answers metadata with every topic prefix0 ..
  // prefix<count-1>, each with its leader known.
  bool knows_topics(node_id id, const std::string& prefix, int count) {
    for (int i = 0; i < count; ++i) {
      auto md = admin(id).metadata({prefix + std::to_string(i)});
      if (!md || md->topics.size() != 1 || md->topics[0].partitions.size() != 1 ||
          md->topics[0].partitions[0].leader.value() < 0)
        return false;
    }
    return true;
  }

  test_cluster cluster_;
  cluster_view view_;
};

TEST_F(controller_snapshot, a_restarted_node_rebuilds_the_table_from_its_snapshot) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  create_topics(node_id{1}, "t", 30);
  for (int n = 1; n <= 3; ++n)
    ASSERT_TRUE(eventually([&] { return snapshot_of(node_id{n}) >= 20; }, 20s))
      << "node " << n << " took no snapshot\n" << cluster_.logs();
  cluster_.signal(node_id{2}, SIGKILL);
  cluster_.reap(node_id{2});
  cluster_.start(node_id{2});
  EXPECT_TRUE(eventually([&] { return knows_topics(node_id{2}, "t", 30); }, 30s))
    << cluster_.logs();
  EXPECT_GE(snapshot_of(node_id{2}), 20);
  create_topics(node_id{2}, "after", 1);
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(eventually([&] { return knows_topics(node_id{n}, "after", 1); }, 20s))
      << "node " << n << "\n" << cluster_.logs();
}

TEST_F(controller_snapshot, a_node_behind_the_dropped_log_catches_up_from_the_snapshot) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  create_topics(node_id{1}, "before", 1);
  cluster_.signal(node_id{3}, SIGKILL);
  cluster_.reap(node_id{3});
  // Two live brokers: replication 2, as Kafka refuses more.
  create_topics(node_id{1}, "t", 30, 2);
  // Both running controllers dropped the log the stopped one lacks.
  for (int n = 1; n <= 2; ++n)
    ASSERT_TRUE(eventually([&] { return snapshot_of(node_id{n}) >= 20; }, 20s))
      << "node " << n << " took no snapshot\n" << cluster_.logs();
  auto leaders_snapshot = std::min(snapshot_of(node_id{1}), snapshot_of(node_id{2}));
  cluster_.start(node_id{3});
  EXPECT_TRUE(eventually([&] { return knows_topics(node_id{3}, "t", 30); }, 30s))
    << cluster_.logs();
  EXPECT_GE(snapshot_of(node_id{3}), leaders_snapshot) << "it caught up without the snapshot";
  EXPECT_TRUE(knows_topics(node_id{3}, "before", 1));
}

// 1,500 producer ids through two nodes: all distinct, and group 0's log
// grew by a few blocks, not by 1,500 entries.
TEST_F(controller_snapshot, producer_ids_come_in_blocks_that_cost_one_entry_each) {
  ASSERT_TRUE(view_.brokers_alive(30s)) << cluster_.logs();
  auto before = admin(node_id{1}).status(controller_group);
  ASSERT_TRUE(before) << describe(before.error());
  std::set<int64_t> ids;
  for (int i = 0; i < 1500; ++i) {
    auto id = admin(node_id{1 + i % 2}).allocate_producer_id();
    ASSERT_TRUE(id) << describe(id.error());
    ids.insert(id->value());
  }
  EXPECT_EQ(ids.size(), 1500u);
  auto after = admin(node_id{1}).status(controller_group);
  ASSERT_TRUE(after) << describe(after.error());
  // Two blocks per node at most, and room for a liveness change or two.
  EXPECT_LE(after->commit.value() - before->commit.value(), 8);
}

} // namespace
} // namespace strom::testing
