// Log replication, §5.3: commitment by majority, fast backtracking over a
// conflicting term, and the per-follower bounds on what is in flight.

#include <gtest/gtest.h>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

int elect(network& net, int id) {
  net.raft(id).campaign();
  net.settle();
  EXPECT_EQ(net.raft(id).role(), role::leader) << "node " << id << " should lead";
  return id;
}

size_t count(const network& net, const std::function<bool(const message&)>& match) {
  size_t n = 0;
  for (const auto& m : net.delivered())
    n += match(m) ? 1 : 0;
  return n;
}

TEST(replication, the_leader_commits_an_entry_once_a_majority_stores_it) {
  // §5.3: an entry is committed once the leader has replicated it on a
  // majority; every server then applies it.
  network net({1, 2, 3});
  elect(net, 1);
  net.isolate(3);
  auto index = net.raft(1).propose({"x"});
  ASSERT_TRUE(index) << index.error().message;
  net.settle();
  EXPECT_EQ(net.raft(1).commit_index(), *index) << "leader and node 2 are a majority";
  ASSERT_FALSE(net.at(1).applied.empty());
  EXPECT_EQ(net.at(1).applied.back().payload, "x");
  EXPECT_TRUE(net.at(3).applied.empty()) << "the isolated node saw nothing";
  net.heal();
  net.tick(1); // a heartbeat shows the leader that node 3 is behind
  EXPECT_EQ(net.raft(3).commit_index(), *index) << "node 3 catches up after the heal";
  EXPECT_EQ(net.at(3).applied.back().payload, "x");
}

TEST(replication, a_follower_not_the_leader_refuses_proposals_and_names_the_leader) {
  network net({1, 2, 3});
  elect(net, 1);
  auto refused = net.raft(2).propose({"x"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::not_leader);
  EXPECT_EQ(net.raft(2).leader(), node_id{1});
  EXPECT_NE(refused.error().message.find("node 1"), std::string::npos)
    << "message was: " << refused.error().message;
}

TEST(replication, a_follower_on_a_conflicting_term_is_repaired_in_one_round_trip) {
  // §5.3 (end): the follower names the conflicting term and the first
  // index it holds of it, so the leader skips the whole term at once.
  network net({1, 2, 3});
  std::vector<int64_t> leader_terms{1}, follower_terms{1};
  for (int i = 0; i < 30; ++i) {
    leader_terms.push_back(3);
    follower_terms.push_back(2);
  }
  hard_state at_term_3{term_id{3}, no_node, raft_index{1}};
  net.load(1, log_with_terms(leader_terms), at_term_3);
  net.load(2, log_with_terms(follower_terms), at_term_3);
  net.load(3, log_with_terms(leader_terms), at_term_3);
  elect(net, 1);
  auto rejections = count(net, [](const message& m) {
    return m.type == message_type::append_response && m.reject && m.from == node_id{2};
  });
  EXPECT_EQ(rejections, 1u) << "one rejection names term 2 from index 2; without the hint: 30";
  EXPECT_EQ(net.raft(2).log().last_index(), net.raft(1).log().last_index());
  EXPECT_EQ(net.raft(2).log().term_at(raft_index{31}), std::optional<term_id>{term_id{3}});
}

TEST(replication, a_short_follower_says_where_its_log_ends) {
  network net({1, 2, 3});
  std::vector<int64_t> terms(40, 1);
  hard_state at_term_1{term_id{1}, no_node, raft_index{0}};
  net.load(1, log_with_terms(terms), at_term_1);
  net.load(3, log_with_terms(terms), at_term_1);
  net.load(2, log_with_terms({1, 1}), at_term_1);
  elect(net, 1);
  auto rejections = count(net, [](const message& m) {
    return m.type == message_type::append_response && m.reject && m.from == node_id{2};
  });
  EXPECT_EQ(rejections, 1u) << "the follower's last index + 1 is the next to send";
  EXPECT_EQ(net.raft(2).log().last_index(), raft_index{41});
}

TEST(replication, unacknowledged_appends_stop_at_max_inflight_messages) {
  // Every entry its own message (max_append_bytes below two entries), at most
  // two unacknowledged ones per follower.
  network net({1, 2, 3}, [](config& c) {
    c.max_append_bytes = 150;
    c.max_inflight_messages = 2;
  });
  elect(net, 1);
  ASSERT_EQ(net.raft(1).progress_of(node_id{2})->state, progress_state::replicate);
  net.drop_if = [](const message& m) {
    return m.type == message_type::append_response && m.from == node_id{2};
  };
  auto before = net.delivered().size();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(net.raft(1).propose({std::string(100, 'a' + i)}));
    net.settle();
  }
  size_t appends = 0;
  for (size_t i = before; i < net.delivered().size(); ++i) {
    const auto& m = net.delivered()[i];
    if (m.type == message_type::append && m.to == node_id{2} && !m.entries.empty()) {
      ++appends;
      EXPECT_EQ(m.entries.size(), 1u) << "max_append_bytes allows one 124-byte entry";
    }
  }
  EXPECT_EQ(appends, 2u) << "the window holds two messages";
  EXPECT_EQ(net.raft(1).progress_of(node_id{2})->in_flight.count(), 2u);
  EXPECT_EQ(net.raft(1).commit_index(), net.raft(1).log().last_index())
    << "node 3 still acknowledges, so everything commits";
  net.drop_if = nullptr;
  net.tick(1); // heartbeats restart the stalled follower
  EXPECT_EQ(net.raft(2).log().last_index(), net.raft(1).log().last_index());
}

TEST(replication, unacknowledged_appends_stop_at_max_inflight_bytes) {
  network net({1, 2, 3}, [](config& c) {
    c.max_append_bytes = 150;
    c.max_inflight_bytes = 300;
  });
  elect(net, 1);
  net.drop_if = [](const message& m) {
    return m.type == message_type::append_response && m.from == node_id{2};
  };
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(net.raft(1).propose({std::string(100, 'x')}));
    net.settle();
  }
  const auto* pr = net.raft(1).progress_of(node_id{2});
  EXPECT_EQ(pr->in_flight.count(), 3u) << "124 + 124 < 300 <= 124 * 3";
  EXPECT_EQ(pr->in_flight.bytes(), 3u * 124u);
}

TEST(replication, a_lagging_follower_gets_batches_of_at_most_max_append_bytes) {
  network net({1, 2, 3}, [](config& c) { c.max_append_bytes = 500; });
  elect(net, 1);
  net.isolate(3);
  std::vector<std::string> payloads(20, std::string(100, 'p'));
  ASSERT_TRUE(net.raft(1).propose(payloads));
  net.settle();
  net.heal();
  auto before = net.delivered().size();
  net.tick(1);
  size_t batches = 0;
  for (size_t i = before; i < net.delivered().size(); ++i) {
    const auto& m = net.delivered()[i];
    if (m.type != message_type::append || m.to != node_id{3} || m.entries.empty())
      continue;
    ++batches;
    EXPECT_LE(m.entries.size(), 4u) << "4 * 124 <= 500 < 5 * 124";
  }
  EXPECT_GE(batches, 5u);
  EXPECT_EQ(net.raft(3).log().last_index(), net.raft(1).log().last_index());
}

} // namespace
} // namespace strom::raft::testing
