// Membership changes one server at a time (dissertation §4.1-§4.2).

#include <gtest/gtest.h>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

// Nodes 1-3 form the group; node 4 exists but waits to be added.
network group_with_spare() {
  return network({1, 2, 3, 4}, [](config& c) {
    c.initial_voters = c.id == node_id{4}
                         ? std::vector<node_id>{}
                         : std::vector<node_id>{node_id{1}, node_id{2}, node_id{3}};
  });
}

void elect(network& net, int id) {
  net.raft(id).campaign();
  net.settle();
  ASSERT_EQ(net.raft(id).role(), role::leader) << "node " << id << " should lead";
}

membership of(std::vector<int> ids, std::vector<int> learners = {}) {
  membership m;
  for (auto id : ids)
    m.voters.emplace_back(id);
  for (auto id : learners)
    m.learners.emplace_back(id);
  return m;
}

// Nodes 1 and 2 vote, node 3 waits to be added: with two voters a majority
// is both, so whether node 3 counts shows.
network pair_with_spare() {
  return network({1, 2, 3}, [](config& c) {
    c.initial_voters = c.id == node_id{3} ? std::vector<node_id>{}
                                          : std::vector<node_id>{node_id{1}, node_id{2}};
  });
}

raft_index add_learner(network& net, int leader, int id) {
  auto added = net.raft(leader).change_membership({membership_change::kind::add_learner,
                                                   node_id{id}});
  EXPECT_TRUE(added) << added.error().message;
  net.settle();
  return added ? *added : raft_index{0};
}

TEST(membership, an_added_server_receives_the_log_and_counts_in_majorities) {
  auto net = group_with_spare();
  elect(net, 1);
  ASSERT_TRUE(net.raft(1).propose({"before"}));
  net.settle();
  auto added = net.raft(1).change_membership({membership_change::kind::add, node_id{4}});
  ASSERT_TRUE(added) << added.error().message;
  net.settle();
  for (int id : {1, 2, 3, 4})
    EXPECT_EQ(net.raft(id).voters(), of({1, 2, 3, 4}))
      << "node " << id << " sees " << to_string(net.raft(id).voters());
  EXPECT_EQ(net.raft(4).commit_index(), *added) << "the new server caught up";
  // Four voters need three: the leader and the new server are not enough.
  net.isolate(2);
  net.isolate(3);
  auto index = net.raft(1).propose({"needs three of four"});
  ASSERT_TRUE(index);
  net.settle();
  EXPECT_LT(net.raft(1).commit_index(), *index);
  net.heal();
  net.tick(1);
  EXPECT_EQ(net.raft(1).commit_index(), *index);
}

TEST(membership, a_second_change_waits_until_the_first_is_committed) {
  auto net = group_with_spare();
  elect(net, 1);
  net.isolate(2);
  net.isolate(3);
  ASSERT_TRUE(net.raft(1).change_membership({membership_change::kind::add, node_id{4}}));
  auto second = net.raft(1).change_membership({membership_change::kind::remove, node_id{2}});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, errc::bad_request) << second.error().message;
  EXPECT_EQ(net.raft(1).voters(), of({1, 2, 3, 4})) << "the first is in force already";
}

TEST(membership, a_removed_server_no_longer_counts_nor_disrupts_the_group) {
  // §4.2.3: the removed server is not sent the entry that removes it, so it
  // times out and asks for votes; leases make the others ignore it.
  network net({1, 2, 3});
  elect(net, 1);
  auto term = net.raft(1).current_term();
  ASSERT_TRUE(net.raft(1).change_membership({membership_change::kind::remove, node_id{3}}));
  net.settle();
  EXPECT_EQ(net.raft(1).voters(), of({1, 2}));
  EXPECT_EQ(net.raft(1).progress_of(node_id{3}), nullptr);
  net.isolate(3);
  auto index = net.raft(1).propose({"two of two"});
  ASSERT_TRUE(index);
  net.settle();
  EXPECT_EQ(net.raft(1).commit_index(), *index) << "nodes 1 and 2 are the whole majority";
  net.heal();
  net.tick_all(100);
  EXPECT_EQ(net.leader(), 1);
  EXPECT_EQ(net.raft(1).current_term(), term) << "node 3's campaigns changed nothing";
}

TEST(membership, a_removed_leader_steps_down_once_the_change_commits) {
  // §4.2.2: the leader manages the group until the entry that removes it
  // is committed, then steps down; the others elect a new leader.
  network net({1, 2, 3});
  elect(net, 1);
  ASSERT_TRUE(net.raft(1).change_membership({membership_change::kind::remove, node_id{1}}));
  net.settle();
  EXPECT_EQ(net.raft(1).role(), role::follower);
  net.tick_all(40);
  auto leader = net.leader();
  EXPECT_TRUE(leader == 2 || leader == 3) << "leader is " << leader;
  EXPECT_EQ(net.raft(leader).voters(), of({2, 3}));
}

TEST(membership, a_leader_that_removed_itself_and_lost_leadership_still_finishes_the_change) {
  // The change is in force once in a log: node 2 still counts node 1 as a
  // voter and needs its vote, which node 2's shorter log never gets. Only
  // node 1 holds what finishes the change, so it campaigns while the change
  // is uncommitted, counting node 2 alone, commits it, and steps down.
  network net({1, 2});
  elect(net, 1);
  net.isolate(2);
  auto removed = net.raft(1).change_membership({membership_change::kind::remove, node_id{1}});
  ASSERT_TRUE(removed) << removed.error().message;
  net.settle();
  net.restart(1); // its leadership is gone, its log is not
  net.heal();
  net.tick_all(4 * 20);
  EXPECT_EQ(net.leader(), 2);
  EXPECT_EQ(net.raft(2).voters(), of({2}));
  EXPECT_GE(net.raft(2).commit_index(), *removed) << "the change is committed";
  EXPECT_GE(net.raft(1).commit_index(), *removed) << "and node 1 knows it";
}

TEST(membership, a_restarted_server_recovers_its_membership_from_the_log) {
  auto net = group_with_spare();
  elect(net, 1);
  ASSERT_TRUE(net.raft(1).change_membership({membership_change::kind::add, node_id{4}}));
  net.settle();
  net.restart(4);
  EXPECT_EQ(net.raft(4).voters(), of({1, 2, 3, 4}));
  net.restart(2);
  EXPECT_EQ(net.raft(2).voters(), of({1, 2, 3, 4}));
}

TEST(membership, a_truncated_configuration_entry_is_undone) {
  // A configuration takes effect when appended, so a follower that loses an
  // uncommitted one to a new leader goes back to the previous membership.
  // Without leases, so node 3 votes for node 2 at once.
  network net({1, 2, 3}, [](config& c) { c.check_quorum = false; });
  elect(net, 1);
  net.isolate(3);
  net.cut(1, 2);
  // Only node 1 gets the entry: it can never commit.
  ASSERT_TRUE(net.raft(1).change_membership({membership_change::kind::remove, node_id{3}}));
  net.settle();
  net.heal();
  net.isolate(1);
  net.raft(2).campaign();
  net.settle();
  ASSERT_EQ(net.raft(2).role(), role::leader);
  net.heal();
  net.tick(2);
  EXPECT_EQ(net.raft(1).voters(), of({1, 2, 3})) << "node 1 dropped its uncommitted change";
}

TEST(membership, a_learner_receives_the_log_but_counts_in_no_majority) {
  auto net = pair_with_spare();
  elect(net, 1);
  auto added = add_learner(net, 1, 3);
  for (int id : {1, 2, 3})
    EXPECT_EQ(net.raft(id).voters(), of({1, 2}, {3}))
      << "node " << id << " sees " << to_string(net.raft(id).voters());
  EXPECT_EQ(net.raft(3).commit_index(), added) << "the learner caught up";
  // As a voter node 3 would make three, of which nodes 1 and 3 are a majority.
  net.isolate(2);
  auto index = net.raft(1).propose({"needs node 2"});
  ASSERT_TRUE(index);
  net.settle();
  EXPECT_EQ(net.raft(3).log().last_index(), *index) << "the learner has it";
  EXPECT_LT(net.raft(1).commit_index(), *index) << "but it is not committed";
}

TEST(membership, a_learner_never_campaigns) {
  auto net = pair_with_spare();
  elect(net, 1);
  add_learner(net, 1, 3);
  auto term = net.raft(3).current_term();
  net.isolate(1);
  for (int i = 0; i < 100; ++i) {
    net.tick_all(1);
    ASSERT_EQ(net.raft(3).role(), role::follower) << "tick " << i;
  }
  net.raft(3).campaign();
  net.settle();
  EXPECT_EQ(net.raft(3).role(), role::follower);
  EXPECT_EQ(net.raft(3).current_term(), term);
}

TEST(membership, a_promoted_learner_votes_and_counts) {
  auto net = pair_with_spare();
  elect(net, 1);
  add_learner(net, 1, 3);
  auto promoted = net.raft(1).change_membership({membership_change::kind::promote, node_id{3}});
  ASSERT_TRUE(promoted) << promoted.error().message;
  net.settle();
  EXPECT_EQ(net.raft(2).voters(), of({1, 2, 3}));
  net.isolate(2);
  auto index = net.raft(1).propose({"nodes 1 and 3"});
  ASSERT_TRUE(index);
  net.settle();
  EXPECT_EQ(net.raft(1).commit_index(), *index);
}

TEST(membership, a_learner_is_removed_and_no_longer_sent_the_log) {
  auto net = pair_with_spare();
  elect(net, 1);
  add_learner(net, 1, 3);
  auto removed = net.raft(1).change_membership({membership_change::kind::remove, node_id{3}});
  ASSERT_TRUE(removed) << removed.error().message;
  net.settle();
  EXPECT_EQ(net.raft(1).voters(), of({1, 2}));
  EXPECT_EQ(net.raft(1).progress_of(node_id{3}), nullptr);
}

TEST(membership, a_change_that_makes_no_sense_is_refused_naming_the_server) {
  auto net = pair_with_spare();
  elect(net, 1);
  using kind = membership_change::kind;
  for (auto change : {membership_change{kind::add_learner, node_id{2}},
                      membership_change{kind::promote, node_id{3}},
                      membership_change{kind::remove, node_id{3}}}) {
    auto refused = net.raft(1).change_membership(change);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, errc::bad_request);
    EXPECT_NE(refused.error().message.find("node "), std::string::npos)
      << refused.error().message;
  }
  add_learner(net, 1, 3);
  auto twice = net.raft(1).change_membership({kind::add, node_id{3}});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("already a learner"), std::string::npos)
    << twice.error().message;
}

TEST(membership, a_restarted_server_keeps_the_learners) {
  auto net = pair_with_spare();
  elect(net, 1);
  add_learner(net, 1, 3);
  net.restart(3);
  EXPECT_EQ(net.raft(3).voters(), of({1, 2}, {3}));
  net.restart(1);
  EXPECT_EQ(net.raft(1).voters(), of({1, 2}, {3}));
}

TEST(membership, the_configuration_payload_is_text_with_learners_after_a_slash) {
  EXPECT_EQ(encode_membership(of({1, 2}, {3, 4})), "1,2/3,4");
  EXPECT_EQ(encode_membership(of({1, 2})), "1,2");
  EXPECT_EQ(decode_membership("2,1/4,3").value(), of({1, 2}, {3, 4}));
  EXPECT_EQ(decode_membership("1,2,3").value(), of({1, 2, 3}));
  for (const char* bad : {"1,2/", "1,,2", "1/1", "x", "1/2/3"})
    EXPECT_FALSE(decode_membership(bad)) << bad;
}

} // namespace
} // namespace strom::raft::testing
