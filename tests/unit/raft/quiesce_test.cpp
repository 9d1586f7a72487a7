// Quiescence (quiesce.cpp): an idle group stops its heartbeats and election
// timers, and anything that could need them wakes it again.

#include <gtest/gtest.h>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

network quiet_network() {
  return network({1, 2, 3}, [](config& c) { c.quiesce = true; });
}

void elect(network& net, int id) {
  net.raft(id).campaign();
  net.settle();
  ASSERT_EQ(net.raft(id).role(), role::leader) << "node " << id << " should lead";
}

bool all_quiet(network& net) {
  return net.raft(1).quiesced() && net.raft(2).quiesced() && net.raft(3).quiesced();
}

TEST(quiesce, an_idle_group_goes_quiet_and_sends_nothing_more) {
  auto net = quiet_network();
  elect(net, 1);
  net.tick_all(2); // the leader's no-op entry is committed everywhere, then a heartbeat
  ASSERT_TRUE(all_quiet(net));
  auto before = net.delivered().size();
  auto term = net.raft(1).current_term();
  net.tick_all(200);
  EXPECT_EQ(net.delivered().size(), before) << "no heartbeat, no election";
  EXPECT_EQ(net.leader(), 1);
  EXPECT_EQ(net.raft(2).current_term(), term);
}

TEST(quiesce, a_proposal_wakes_the_group_and_it_goes_quiet_again_once_replicated) {
  auto net = quiet_network();
  elect(net, 1);
  net.tick_all(2);
  ASSERT_TRUE(all_quiet(net));
  auto index = net.raft(1).propose({"x"});
  ASSERT_TRUE(index);
  EXPECT_FALSE(net.raft(1).quiesced());
  net.settle();
  EXPECT_FALSE(net.raft(2).quiesced()) << "the append woke the follower";
  EXPECT_EQ(net.raft(3).commit_index(), *index);
  net.tick_all(2);
  EXPECT_TRUE(all_quiet(net));
  EXPECT_EQ(net.at(3).applied.back().payload, "x");
}

TEST(quiesce, a_leader_with_a_follower_behind_keeps_heartbeating) {
  auto net = quiet_network();
  elect(net, 1);
  net.tick_all(2);
  net.isolate(3);
  ASSERT_TRUE(net.raft(1).propose({"y"}));
  net.settle();
  net.tick_all(5);
  EXPECT_FALSE(net.raft(1).quiesced()) << "node 3 does not hold the log yet";
  net.heal();
  net.tick_all(3);
  EXPECT_TRUE(all_quiet(net));
  EXPECT_EQ(net.at(3).applied.back().payload, "y");
}

TEST(quiesce, woken_followers_elect_a_new_leader_when_the_old_one_is_gone) {
  auto net = quiet_network();
  elect(net, 1);
  net.tick_all(2);
  ASSERT_TRUE(all_quiet(net));
  net.isolate(1);
  net.tick(2, 100);
  net.tick(3, 100);
  EXPECT_EQ(net.raft(2).leader(), node_id{1}) << "quiet followers suspect nothing";
  // The driver learns the leader's node is down.
  net.raft(2).wake();
  net.raft(3).wake();
  for (int i = 0; i < 60 && net.raft(2).role() != role::leader
                  && net.raft(3).role() != role::leader;
       ++i) {
    net.tick(2);
    net.tick(3);
  }
  EXPECT_TRUE(net.raft(2).role() == role::leader || net.raft(3).role() == role::leader);
}

TEST(quiesce, a_lost_quiesce_heartbeat_costs_an_election_timeout_not_a_term) {
  auto net = quiet_network();
  elect(net, 1); // the no-op is committed everywhere once the election settles
  net.drop_if = [](const message& m) { return m.quiesce && m.to == node_id{3}; };
  net.tick_all(1);
  EXPECT_TRUE(net.raft(1).quiesced());
  EXPECT_FALSE(net.raft(3).quiesced());
  net.drop_if = nullptr;
  auto term = net.raft(1).current_term();
  net.tick_all(60); // node 3 times out; its pre-vote wakes the leader, which quiets it
  EXPECT_TRUE(all_quiet(net));
  EXPECT_EQ(net.leader(), 1);
  EXPECT_EQ(net.raft(3).current_term(), term);
}

TEST(quiesce, a_leader_held_awake_keeps_heartbeating) {
  auto net = quiet_network();
  elect(net, 1);
  net.raft(1).hold_awake(true);
  net.tick_all(5);
  EXPECT_FALSE(net.raft(1).quiesced());
  auto before = net.delivered().size();
  net.tick_all(3);
  EXPECT_GT(net.delivered().size(), before);
  net.raft(1).hold_awake(false);
  net.tick_all(1);
  EXPECT_TRUE(all_quiet(net));
}

TEST(quiesce, a_transfer_wakes_the_leader_and_hands_over) {
  auto net = quiet_network();
  elect(net, 1);
  net.tick_all(2);
  ASSERT_TRUE(all_quiet(net));
  ASSERT_TRUE(net.raft(1).transfer_leadership(node_id{2}));
  net.settle();
  EXPECT_EQ(net.leader(), 2);
}

TEST(quiesce, is_off_unless_configured) {
  network net({1, 2, 3});
  elect(net, 1);
  net.tick_all(5);
  EXPECT_FALSE(net.raft(1).quiesced());
  EXPECT_FALSE(net.raft(2).quiesced());
}

} // namespace
} // namespace strom::raft::testing
