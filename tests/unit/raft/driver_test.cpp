// The driver (driver.hpp): what goes out before a write lands, what waits
// for it, what needs no write at all, and how a failed write is retried.
// Each broken_sequencing variant is shown to break the rule it names.

#include <gtest/gtest.h>

#include "actors/raft/driver.hpp"
#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

size_t count_of(const std::vector<message>& messages, message_type type) {
  size_t n = 0;
  for (const auto& m : messages)
    n += m.type == type ? 1 : 0;
  return n;
}

// A follower of a three-node group, with its disk and its driver.
struct lone_follower {
  explicit lone_follower(driver_config cfg = {})
    : raft(test_config(2, {1, 2, 3}), disk), drive(raft, {}, cfg) {}

  // Writes what a plan asks, as storage would.
  void store(const write& w) {
    if (w.hard_state)
      saved = *w.hard_state;
    disk.append(w.entries);
  }

  memory_log disk;
  hard_state saved;
  core raft;
  driver drive;
};

TEST(driver, a_follower_acknowledges_an_append_only_once_its_write_landed) {
  lone_follower f;
  f.raft.step(append(1, 2, 1, log_with_terms({1, 1})));
  auto p = f.drive.next();
  ASSERT_NE(p.persist, nullptr);
  EXPECT_EQ(p.persist->entries.size(), 2u);
  EXPECT_TRUE(p.send.empty()) << "the acknowledgement promises what the write holds";
  EXPECT_FALSE(p.finish);
  f.store(*p.persist);
  auto landed = f.drive.persisted(p.persist->id, true);
  EXPECT_EQ(count_of(landed.send, message_type::append_response), 1u);
  ASSERT_TRUE(landed.finish);
  EXPECT_EQ(landed.finish->written.entries.size(), 2u) << "what became durable, for caches";
  f.drive.advance();
  EXPECT_EQ(f.raft.persisted_index(), raft_index{2});
  EXPECT_TRUE(f.drive.next().empty());
}

TEST(driver, a_vote_is_written_before_it_is_granted) {
  lone_follower f;
  f.raft.step(vote_request(1, 2, 1));
  auto p = f.drive.next();
  ASSERT_NE(p.persist, nullptr);
  ASSERT_TRUE(p.persist->hard_state);
  EXPECT_EQ(p.persist->hard_state->voted_for, node_id{1});
  EXPECT_TRUE(p.send.empty());
  EXPECT_EQ(f.drive.durable().voted_for, no_node) << "not durable before it lands";
  auto landed = f.drive.persisted(p.persist->id, true);
  EXPECT_EQ(count_of(landed.send, message_type::vote_response), 1u);
  EXPECT_EQ(f.drive.durable().voted_for, node_id{1});
}

TEST(driver, a_ready_that_only_moves_the_commit_index_is_sent_and_applied_without_a_write) {
  lone_follower f;
  f.raft.step(append(1, 2, 1, log_with_terms({1})));
  auto first = f.drive.next();
  f.store(*first.persist);
  (void) f.drive.persisted(first.persist->id, true);
  f.drive.advance();
  auto heartbeat = append(1, 2, 1, {});
  heartbeat.type = message_type::heartbeat;
  heartbeat.commit = raft_index{1};
  f.raft.step(heartbeat);
  auto p = f.drive.next();
  EXPECT_EQ(p.persist, nullptr) << "the commit index is volatile state";
  EXPECT_EQ(count_of(p.send, message_type::heartbeat_response), 1u);
  ASSERT_TRUE(p.finish);
  ASSERT_EQ(p.finish->committed.size(), 1u);
  EXPECT_EQ(p.finish->committed[0].index, raft_index{1});
  EXPECT_EQ(f.drive.durable().commit, raft_index{0}) << "the stored commit index lags";
  f.drive.advance();
  EXPECT_EQ(f.raft.applied_index(), raft_index{1});
}

TEST(driver, a_failed_write_sends_nothing_and_is_tried_again_under_a_new_id) {
  lone_follower f;
  f.raft.step(append(1, 2, 1, log_with_terms({1})));
  auto p = f.drive.next();
  ASSERT_NE(p.persist, nullptr);
  auto first_id = p.persist->id;
  auto failed = f.drive.persisted(first_id, false);
  EXPECT_TRUE(failed.retry_later);
  EXPECT_TRUE(failed.send.empty());
  EXPECT_FALSE(failed.finish);
  EXPECT_TRUE(f.drive.write_failed());
  EXPECT_EQ(f.drive.next().persist, nullptr) << "no other write while this one is out";
  auto again = f.drive.retry();
  ASSERT_NE(again.persist, nullptr);
  EXPECT_NE(again.persist->id, first_id);
  EXPECT_EQ(again.persist->entries.size(), 1u) << "the same write";
  EXPECT_TRUE(f.drive.persisted(first_id, true).empty()) << "a report of the failed attempt";
  f.store(*again.persist);
  auto landed = f.drive.persisted(again.persist->id, true);
  EXPECT_EQ(count_of(landed.send, message_type::append_response), 1u);
}

// Leader 1 of a three-node group, elected through the network; its
// driver takes over from there.
struct elected_leader {
  explicit elected_leader(driver_config cfg = {}) : net({1, 2, 3}) {
    net.raft(1).campaign();
    net.settle();
    drive.emplace(net.raft(1), net.at(1).saved, cfg);
  }

  // The followers store and answer the leader's appends.
  void followers_take(std::vector<message>& appends) {
    for (auto& m : appends)
      for (auto& answer : net.hand(m))
        net.raft(1).step(answer);
  }

  network net;
  std::optional<driver> drive;
};

TEST(driver, a_leader_sends_its_appends_before_its_own_write_and_commits_once_a_majority_has_it) {
  elected_leader l;
  ASSERT_EQ(l.net.raft(1).role(), role::leader);
  auto index = l.net.raft(1).propose({"x"});
  ASSERT_TRUE(index);
  auto p = l.drive->next();
  EXPECT_EQ(count_of(p.send, message_type::append), 2u) << "the appends go at once";
  ASSERT_NE(p.persist, nullptr) << "with the leader's own write";
  EXPECT_FALSE(p.finish);
  l.followers_take(p.send);
  EXPECT_EQ(l.net.raft(1).commit_index(), *index) << "two followers are a majority";
  EXPECT_LT(l.net.raft(1).persisted_index(), *index) << "the leader's copy has not landed";
  l.net.at(1).disk.append(p.persist->entries);
  auto landed = l.drive->persisted(p.persist->id, true);
  ASSERT_TRUE(landed.finish);
  l.drive->advance();
  EXPECT_EQ(l.net.raft(1).persisted_index(), *index);
  auto apply = l.drive->next();
  EXPECT_EQ(apply.persist, nullptr);
  ASSERT_TRUE(apply.finish);
  ASSERT_EQ(apply.finish->committed.size(), 1u);
  EXPECT_EQ(apply.finish->committed[0].payload, "x");
}

TEST(driver, a_leader_whose_term_is_not_durable_sends_nothing_before_its_write) {
  network net({1, 2, 3});
  net.raft(1).campaign();
  net.settle();
  ASSERT_EQ(net.raft(1).role(), role::leader);
  auto older = net.at(1).saved;
  older.current_term = older.current_term.prev();
  driver drive(net.raft(1), older);
  ASSERT_TRUE(net.raft(1).propose({"y"}));
  auto p = drive.next();
  EXPECT_TRUE(p.send.empty());
  EXPECT_NE(p.persist, nullptr);
}

// --- the broken variants, for the simulator's tests ----------------------------

TEST(driver, broken_leader_counts_unpersisted_advances_before_the_write_lands) {
  elected_leader l(driver_config{broken_sequencing::leader_counts_unpersisted});
  auto index = l.net.raft(1).propose({"x"});
  ASSERT_TRUE(index);
  auto p = l.drive->next();
  ASSERT_NE(p.persist, nullptr);
  ASSERT_TRUE(p.finish) << "finished with the write still out";
  l.net.at(1).disk.append(p.persist->entries); // readable, not yet durable
  l.drive->advance();
  EXPECT_EQ(l.net.raft(1).persisted_index(), *index) << "the bug: it counts itself";
}

TEST(driver, broken_answers_before_persisting_acknowledges_with_the_write_still_out) {
  lone_follower f(driver_config{broken_sequencing::answers_before_persisting});
  f.raft.step(append(1, 2, 1, log_with_terms({1})));
  auto p = f.drive.next();
  ASSERT_NE(p.persist, nullptr);
  EXPECT_EQ(count_of(p.send, message_type::append_response), 1u);
}

TEST(driver, broken_vote_without_persisting_grants_a_vote_it_never_writes) {
  lone_follower f(driver_config{broken_sequencing::vote_without_persisting});
  f.raft.step(vote_request(1, 2, 1));
  auto p = f.drive.next();
  EXPECT_EQ(p.persist, nullptr);
  EXPECT_EQ(count_of(p.send, message_type::vote_response), 1u);
  EXPECT_EQ(f.drive.durable().voted_for, no_node);
}

} // namespace
} // namespace strom::raft::testing
