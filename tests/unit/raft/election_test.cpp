// Leader election, §5.2 and §5.4.1 of the Raft paper.

#include <gtest/gtest.h>

#include <set>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

message vote_request(int from, int to, int64_t term, int64_t last_index, int64_t last_term) {
  message m;
  m.type = message_type::vote;
  m.from = node_id{from};
  m.to = node_id{to};
  m.term = term_id{term};
  m.index = raft_index{last_index};
  m.log_term = term_id{last_term};
  return m;
}

// The answers a node queued, after running its ready.
std::vector<message> answers(core& raft) {
  if (!raft.has_ready())
    return {};
  auto rd = raft.take_ready();
  raft.advance();
  return rd.messages;
}

TEST(election, a_follower_that_hears_no_leader_campaigns_and_wins_a_majority) {
  // §5.2: a follower that receives no communication over the election
  // timeout begins an election and wins with votes from a majority.
  network net({1, 2, 3});
  net.tick(1, 2 * 10);
  EXPECT_EQ(net.raft(1).role(), role::leader) << "node 1 should have won term 1";
  EXPECT_EQ(net.raft(1).current_term(), term_id{1});
  for (int id : {2, 3}) {
    EXPECT_EQ(net.raft(id).role(), role::follower) << "node " << id;
    EXPECT_EQ(net.raft(id).leader(), node_id{1}) << "node " << id << " knows the leader";
  }
}

TEST(election, election_timeouts_are_random_in_one_to_two_election_ticks) {
  // §5.2: randomized timeouts in [election_tick, 2 * election_tick).
  std::set<int> seen;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    auto cfg = test_config(1, {1, 2, 3});
    cfg.seed = seed;
    memory_log disk;
    core raft(cfg, disk);
    int ticks = 0;
    while (raft.role() == role::follower && ticks < 100) {
      raft.tick();
      ++ticks;
    }
    EXPECT_GE(ticks, 10) << "seed " << seed;
    EXPECT_LT(ticks, 20) << "seed " << seed;
    seen.insert(ticks);
  }
  EXPECT_GE(seen.size(), 5u) << "timeouts should spread over the range";
}

TEST(election, each_server_votes_for_at_most_one_candidate_per_term) {
  // §5.2: each server votes for at most one candidate in a given term,
  // first come first served.
  network net({1, 2, 3});
  auto& voter = net.raft(3);
  voter.step(vote_request(1, 3, 1, 0, 0));
  auto first = answers(voter);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].reject) << "the first candidate of term 1 gets the vote";
  voter.step(vote_request(2, 3, 1, 0, 0));
  auto second = answers(voter);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(second[0].reject) << "the second candidate of term 1 is refused";
  voter.step(vote_request(1, 3, 1, 0, 0));
  auto again = answers(voter);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_FALSE(again[0].reject) << "a retried request from the same candidate is granted again";
}

TEST(election, a_vote_is_refused_to_a_candidate_with_a_less_up_to_date_log) {
  // §5.4.1: the later last term wins; with equal last terms the longer log.
  network net({1, 2, 3});
  net.load(3, log_with_terms({1, 1, 2}), hard_state{term_id{2}, no_node, raft_index{0}});
  auto& voter = net.raft(3);
  struct ask {
    int64_t last_index, last_term;
    bool granted;
  };
  int64_t term = 3;
  for (auto [last_index, last_term, granted] :
       {ask{5, 1, false}, ask{2, 2, false}, ask{3, 2, true}, ask{1, 3, true}}) {
    voter.step(vote_request(1, 3, term, last_index, last_term));
    auto out = answers(voter);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(!out[0].reject, granted)
      << "candidate log ending at index " << last_index << " term " << last_term;
    ++term; // a fresh term each time, so the earlier vote does not bind
  }
}

TEST(election, a_candidate_refused_by_a_majority_returns_to_follower) {
  // §5.2: a candidate that cannot win goes back to follower and waits.
  network net({1, 2, 3}, [](config& c) { c.pre_vote = false; });
  net.load(2, log_with_terms({1, 1}), hard_state{term_id{1}, no_node, raft_index{0}});
  net.load(3, log_with_terms({1, 1}), hard_state{term_id{1}, no_node, raft_index{0}});
  net.raft(1).campaign();
  net.settle();
  EXPECT_EQ(net.raft(1).role(), role::follower);
  EXPECT_EQ(net.raft(1).current_term(), term_id{1}) << "the failed election used term 1";
}

TEST(election, a_candidate_with_a_stale_term_is_refused_and_told_the_current_one) {
  // §5.1: "if a server receives a request with a stale term number, it
  // rejects the request", and its answer carries its term. A candidate that
  // the others do not ask for votes (their membership lacks it) learns the
  // term it must beat from nobody else.
  network net({1, 2, 3}, [](config& c) { c.pre_vote = false; });
  net.load(2, {}, hard_state{term_id{5}, no_node, raft_index{0}});
  net.raft(1).campaign(); // term 1
  net.isolate(3);
  net.settle();
  EXPECT_EQ(net.raft(2).current_term(), term_id{5}) << "a stale request changes nothing here";
  EXPECT_EQ(net.raft(2).voted_for(), no_node);
  EXPECT_EQ(net.raft(1).role(), role::follower);
  EXPECT_EQ(net.raft(1).current_term(), term_id{5}) << "the candidate took the current term";
  net.tick(1, 2 * 10);
  EXPECT_EQ(net.raft(1).role(), role::leader) << "and won the next one, term 6";
  EXPECT_EQ(net.raft(1).current_term(), term_id{6});
}

TEST(election, a_candidate_that_hears_a_leader_of_its_term_steps_down) {
  // §5.2: "if AppendEntries received from new leader: convert to follower".
  network net({1, 2, 3}, [](config& c) { c.pre_vote = false; });
  net.raft(2).campaign(); // term 1, candidate, its requests not delivered yet
  net.isolate(2);
  net.settle();
  net.heal();
  ASSERT_EQ(net.raft(2).role(), role::candidate);
  net.raft(1).campaign(); // node 1 campaigns for term 1 as well
  net.isolate(2);
  net.settle();
  ASSERT_EQ(net.raft(1).role(), role::leader) << "node 1 wins term 1 with node 3's vote";
  ASSERT_EQ(net.raft(1).current_term(), term_id{1});
  net.heal();
  net.tick(1); // heartbeat of term 1 reaches the candidate
  EXPECT_EQ(net.raft(2).role(), role::follower);
  EXPECT_EQ(net.raft(2).leader(), node_id{1});
}

} // namespace
} // namespace strom::raft::testing
