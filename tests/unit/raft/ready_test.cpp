// The driver contract (ready.hpp): nothing is promised to another server
// before it is durable, and the leader counts only what it persisted.

#include <gtest/gtest.h>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

TEST(ready, a_vote_travels_in_the_same_ready_as_the_hard_state_that_records_it) {
  memory_log disk;
  core voter(test_config(3, {1, 2, 3}), disk);
  voter.step(vote_request(1, 3, 1));
  ASSERT_TRUE(voter.has_ready());
  auto rd = voter.take_ready();
  ASSERT_TRUE(rd.hard_state.has_value()) << "the vote must be persisted with its answer";
  EXPECT_EQ(rd.hard_state->voted_for, node_id{1});
  EXPECT_EQ(rd.hard_state->current_term, term_id{1});
  ASSERT_EQ(rd.messages.size(), 1u);
  EXPECT_EQ(rd.messages[0].type, message_type::vote_response);
  EXPECT_FALSE(rd.messages[0].reject);
}

TEST(ready, answers_produced_while_a_ready_is_out_wait_for_the_next_one) {
  memory_log disk;
  core follower(test_config(2, {1, 2, 3}), disk);
  follower.step(append(1, 2, 1, log_with_terms({1})));
  auto first = follower.take_ready();
  ASSERT_EQ(first.entries.size(), 1u);
  // The driver is still writing entry 1 when entry 2 arrives.
  auto second_entry = log_with_terms({1, 1});
  auto m = append(1, 2, 1, {second_entry[1]});
  m.index = raft_index{1};
  m.log_term = term_id{1};
  follower.step(m);
  EXPECT_FALSE(follower.has_ready()) << "no second ready before advance()";
  disk.append(first.entries);
  follower.advance();
  ASSERT_TRUE(follower.has_ready());
  auto second = follower.take_ready();
  ASSERT_EQ(second.entries.size(), 1u) << "entry 2 is persisted in the next ready";
  EXPECT_EQ(second.entries[0].index, raft_index{2});
  ASSERT_EQ(second.messages.size(), 1u);
  EXPECT_EQ(second.messages[0].index, raft_index{2}) << "its acknowledgement travels with it";
}

TEST(ready, a_crash_before_persisting_loses_the_entries_and_their_acknowledgement) {
  memory_log disk;
  hard_state saved;
  auto follower = std::make_unique<core>(test_config(2, {1, 2, 3}), disk, saved);
  follower->step(append(1, 2, 1, log_with_terms({1, 1})));
  auto lost = follower->take_ready(); // the process dies before writing it
  ASSERT_EQ(lost.messages.size(), 1u);
  follower = std::make_unique<core>(test_config(2, {1, 2, 3}), disk, saved);
  EXPECT_EQ(follower->log().last_index(), raft_index{0}) << "nothing was persisted";
  EXPECT_EQ(follower->current_term(), term_id{0});
}

TEST(ready, the_leader_counts_its_own_entry_only_once_it_is_persisted) {
  memory_log disk;
  hard_state saved;
  core single(test_config(1, {1}), disk, saved);
  single.campaign();
  ASSERT_EQ(single.role(), role::leader) << "a group of one elects itself";
  auto persist = [&](ready rd) {
    if (rd.hard_state)
      saved = *rd.hard_state;
    disk.append(rd.entries);
    single.advance();
  };
  persist(single.take_ready());
  auto index = single.propose({"x"});
  ASSERT_TRUE(index);
  EXPECT_LT(single.commit_index(), *index) << "not durable anywhere yet";
  auto rd = single.take_ready();
  ASSERT_EQ(rd.entries.size(), 1u);
  EXPECT_LT(single.commit_index(), *index) << "handed to the driver is not durable";
  persist(std::move(rd));
  EXPECT_EQ(single.commit_index(), *index) << "durable on a majority of one";
  auto apply = single.take_ready();
  ASSERT_EQ(apply.committed_entries.size(), 1u);
  EXPECT_EQ(apply.committed_entries[0].payload, "x");
}

TEST(ready, a_leader_sends_its_appends_before_its_own_write_and_commits_on_the_followers) {
  auto net = network({1, 2, 3});
  net.raft(1).campaign();
  net.settle();
  ASSERT_EQ(net.raft(1).role(), role::leader);
  auto& leader = net.raft(1);
  auto index = leader.propose({"x"});
  ASSERT_TRUE(index);
  auto early = leader.take_leader_messages(net.at(1).saved);
  ASSERT_EQ(early.size(), 2u) << "one append per follower, before any ready";
  for (const auto& m : early) {
    EXPECT_EQ(m.type, message_type::append);
    ASSERT_EQ(m.entries.size(), 1u);
    EXPECT_EQ(m.entries[0].payload, "x");
  }
  // The leader's own write is slow: it holds its ready, the followers store
  // theirs and answer.
  auto leaders_write = leader.take_ready();
  ASSERT_EQ(leaders_write.entries.size(), 1u);
  EXPECT_TRUE(leaders_write.messages.empty()) << "the appends went already";
  for (auto& m : early)
    for (auto& answer : net.hand(m))
      leader.step(answer);
  EXPECT_EQ(leader.commit_index(), *index)
    << "two followers hold it durably: a majority without the leader's own copy";
  EXPECT_EQ(leader.persisted_index(), index->prev())
    << "the leader does not count what it has not stored";
  net.at(1).disk.append(leaders_write.entries);
  leader.advance();
  EXPECT_EQ(leader.persisted_index(), *index);
}

TEST(ready, nothing_goes_early_from_a_term_not_yet_durable_or_from_a_follower) {
  auto net = network({1, 2, 3});
  net.raft(1).campaign();
  net.settle();
  ASSERT_EQ(net.raft(1).role(), role::leader);
  ASSERT_TRUE(net.raft(1).propose({"y"}));
  hard_state older = net.at(1).saved;
  older.current_term = older.current_term.prev();
  EXPECT_TRUE(net.raft(1).take_leader_messages(older).empty())
    << "a leader whose term is not on disk yet waits for its ready";
  EXPECT_TRUE(net.raft(2).take_leader_messages(net.at(2).saved).empty());
  EXPECT_EQ(net.raft(1).take_leader_messages(net.at(1).saved).size(), 2u);
}

TEST(ready, a_restarted_server_keeps_its_term_and_vote) {
  network net({1, 2, 3});
  net.raft(1).campaign();
  net.settle();
  net.restart(2);
  EXPECT_EQ(net.raft(2).current_term(), term_id{1});
  EXPECT_EQ(net.raft(2).voted_for(), node_id{1});
  EXPECT_EQ(net.raft(2).log().last_index(), raft_index{1});
}

} // namespace
} // namespace strom::raft::testing
