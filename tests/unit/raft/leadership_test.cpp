// Keeping a good leader and handing leadership on: pre-vote (dissertation
// §9.6), check-quorum (§6.2) and leadership transfer (§3.10).

#include <gtest/gtest.h>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

void elect(network& net, int id) {
  net.raft(id).campaign();
  net.settle();
  ASSERT_EQ(net.raft(id).role(), role::leader) << "node " << id << " should lead";
}

TEST(pre_vote, a_partitioned_node_does_not_raise_its_term_or_disrupt_the_leader) {
  // §9.6: a server asks whether it could win before it takes a new term, so
  // one that was cut off rejoins without deposing a healthy leader.
  network net({1, 2, 3});
  elect(net, 1);
  auto term = net.raft(1).current_term();
  net.isolate(3);
  for (int i = 0; i < 100; ++i) {
    net.tick(3);
    net.tick(1);
    net.tick(2);
  }
  EXPECT_EQ(net.raft(3).current_term(), term) << "pre-votes failed, so no new term";
  net.heal();
  net.tick_all(30);
  EXPECT_EQ(net.leader(), 1);
  EXPECT_EQ(net.raft(1).current_term(), term) << "the leader was not disturbed";
  EXPECT_EQ(net.raft(3).leader(), node_id{1});
}

TEST(pre_vote, without_it_a_rejoining_node_forces_a_new_term) {
  // The same story without pre-vote or check-quorum, to show what pre-vote prevents.
  network net({1, 2, 3}, [](config& c) {
    c.pre_vote = false;
    c.check_quorum = false;
  });
  elect(net, 1);
  auto term = net.raft(1).current_term();
  net.isolate(3);
  for (int i = 0; i < 100; ++i)
    net.tick(3);
  EXPECT_GT(net.raft(3).current_term(), term) << "node 3 campaigned in vain, term after term";
  net.heal();
  net.tick_all(30); // node 3 times out again; its vote requests carry its higher term
  EXPECT_GT(net.raft(1).current_term(), term) << "the old leader had to give up its term";
}

TEST(check_quorum, a_leader_that_hears_from_no_majority_steps_down) {
  // §6.2: after an election timeout without hearing from a majority the
  // leader steps down, so clients stop waiting on a leader that cannot commit.
  network net({1, 2, 3});
  elect(net, 1);
  net.tick_all(50);
  EXPECT_EQ(net.raft(1).role(), role::leader) << "with its followers answering it stays";
  net.isolate(1);
  net.tick(1, 2 * 10);
  EXPECT_EQ(net.raft(1).role(), role::follower) << "alone, it gave up within two timeouts";
}

TEST(leadership_transfer, an_up_to_date_follower_takes_over_at_once) {
  // §3.10: the leader sends TimeoutNow; the target campaigns immediately
  // and its votes ignore the leases of the other servers.
  network net({1, 2, 3});
  elect(net, 1);
  ASSERT_TRUE(net.raft(1).transfer_leadership(node_id{2}));
  net.settle();
  EXPECT_EQ(net.leader(), 2);
  EXPECT_EQ(net.raft(1).role(), role::follower);
  EXPECT_EQ(net.raft(1).leader(), node_id{2});
}

TEST(leadership_transfer, a_lagging_target_is_caught_up_first) {
  network net({1, 2, 3});
  elect(net, 1);
  net.isolate(3);
  auto index = net.raft(1).propose({"before transfer"});
  ASSERT_TRUE(index);
  net.settle();
  net.heal();
  ASSERT_TRUE(net.raft(1).transfer_leadership(node_id{3}));
  net.settle();
  EXPECT_EQ(net.leader(), 3);
  EXPECT_EQ(net.raft(3).log().term_at(*index), std::optional<term_id>{term_id{1}})
    << "the new leader holds the entry proposed before the transfer";
}

TEST(leadership_transfer, proposals_wait_during_a_transfer_which_gives_up_after_a_timeout) {
  network net({1, 2, 3});
  elect(net, 1);
  net.isolate(2);
  ASSERT_TRUE(net.raft(1).transfer_leadership(node_id{2}));
  auto refused = net.raft(1).propose({"x"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::not_leader);
  net.tick(1, 10);
  EXPECT_EQ(net.raft(1).transfer_target(), no_node) << "abandoned after an election timeout";
  EXPECT_TRUE(net.raft(1).propose({"x"})) << "proposals are accepted again";
}

} // namespace
} // namespace strom::raft::testing
