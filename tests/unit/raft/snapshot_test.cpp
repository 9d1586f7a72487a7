// Log compaction and InstallSnapshot (§7, Figure 13).

#include <gtest/gtest.h>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

void elect(network& net, int id) {
  net.raft(id).campaign();
  net.settle();
  ASSERT_EQ(net.raft(id).role(), role::leader) << "node " << id << " should lead";
}

// The leader snapshots what it applied and drops the log up to there.
snapshot_meta compact_leader(network& net, int id) {
  auto meta = *net.raft(id).applied_snapshot_meta();
  net.at(id).disk.compact(snapshot{meta, "state at " + std::to_string(meta.index.value())});
  net.raft(id).compacted(meta.index);
  return meta;
}

TEST(snapshot, a_follower_behind_the_start_of_the_log_installs_a_snapshot) {
  network net({1, 2, 3});
  elect(net, 1);
  net.isolate(3);
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(net.raft(1).propose({"entry " + std::to_string(i)}));
  net.settle();
  auto meta = compact_leader(net, 1);
  ASSERT_EQ(meta.index, net.raft(1).commit_index());
  ASSERT_TRUE(net.raft(1).propose({"after the snapshot"}));
  net.settle();
  net.heal();
  net.tick(1);
  auto& follower = net.at(3);
  EXPECT_EQ(follower.disk.last_snapshot_meta().index, meta.index);
  EXPECT_EQ(follower.disk.last_snapshot().data, "state at " + std::to_string(meta.index.value()));
  EXPECT_EQ(follower.raft->voters(), meta.voters);
  EXPECT_EQ(follower.raft->commit_index(), net.raft(1).commit_index());
  ASSERT_FALSE(follower.applied.empty());
  EXPECT_EQ(follower.applied.back().payload, "after the snapshot")
    << "entries after the snapshot follow it";
}

TEST(snapshot, a_lost_snapshot_is_sent_again) {
  network net({1, 2, 3});
  elect(net, 1);
  net.isolate(3);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(net.raft(1).propose({"entry"}));
  net.settle();
  compact_leader(net, 1);
  net.heal();
  net.drop_if = [](const message& m) { return m.type == message_type::snapshot; };
  net.tick(1);
  ASSERT_EQ(net.raft(1).progress_of(node_id{3})->state, progress_state::snapshot);
  net.drop_if = nullptr;
  net.tick(1, 12);
  EXPECT_EQ(net.raft(3).commit_index(), net.raft(1).commit_index())
    << "after an election timeout the leader tried again";
}

TEST(snapshot, a_restarted_server_starts_from_its_snapshot) {
  network net({1, 2, 3});
  elect(net, 1);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(net.raft(1).propose({"entry"}));
  net.settle();
  auto meta = compact_leader(net, 1);
  net.restart(1);
  EXPECT_EQ(net.raft(1).log().first_index(), meta.index.next());
  EXPECT_EQ(net.raft(1).applied_index(), meta.index);
  EXPECT_EQ(net.raft(1).voters(), meta.voters);
}

} // namespace
} // namespace strom::raft::testing
