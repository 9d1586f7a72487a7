// The situations the Raft paper draws: Figure 7 (how a new leader repairs
// every kind of follower log) and Figure 8 (why a leader never commits an
// entry of an earlier term by counting its replicas).

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "tests/unit/raft/network.hpp"

namespace strom::raft::testing {
namespace {

struct figure7_case {
  const char* name;
  std::vector<int64_t> follower_terms;
};

class figure7 : public ::testing::TestWithParam<figure7_case> {};

TEST_P(figure7, the_new_leader_makes_the_follower_log_identical_to_its_own) {
  // §5.3, Figure 7: the leader of term 8 meets a follower that is missing
  // entries (a, b), has extra uncommitted entries (c, d), or both (e, f).
  // AppendEntries' consistency check finds the last matching entry, deletes
  // what follows it on the follower, and sends the leader's entries.
  const std::vector<int64_t> leader_terms{1, 1, 1, 4, 4, 5, 5, 6, 6, 6};
  network net({1, 2, 3});
  hard_state term_7{term_id{7}, no_node, raft_index{0}};
  net.load(1, log_with_terms(leader_terms), term_7);
  net.load(2, log_with_terms(GetParam().follower_terms), term_7);
  net.load(3, {}, term_7); // votes for node 1: any log beats an empty one
  net.raft(1).campaign();
  net.settle();
  ASSERT_EQ(net.raft(1).role(), role::leader);
  ASSERT_EQ(net.raft(1).current_term(), term_id{8});
  auto& leader_log = net.raft(1).log();
  auto& follower_log = net.raft(2).log();
  ASSERT_EQ(follower_log.last_index(), leader_log.last_index())
    << "case (" << GetParam().name << ")";
  auto end = leader_log.last_index().next();
  auto expected = leader_log.entries(raft_index{1}, end, SIZE_MAX);
  auto seen = follower_log.entries(raft_index{1}, end, SIZE_MAX);
  ASSERT_TRUE(expected && seen);
  for (size_t i = 0; i < expected->size(); ++i)
    EXPECT_EQ((*seen)[i], (*expected)[i])
      << "case (" << GetParam().name << ") index " << i + 1 << ": expected term "
      << (*expected)[i].term << " \"" << (*expected)[i].payload << "\", seen term "
      << (*seen)[i].term << " \"" << (*seen)[i].payload << "\"";
  net.tick(1); // a follower that answered after the commit learns it from a heartbeat
  EXPECT_EQ(net.raft(2).commit_index(), leader_log.last_index())
    << "the no-op of term 8 commits, and with it the whole log";
}

INSTANTIATE_TEST_SUITE_P(
  paper, figure7,
  ::testing::Values(figure7_case{"a", {1, 1, 1, 4, 4, 5, 5, 6, 6}},
                    figure7_case{"b", {1, 1, 1, 4}},
                    figure7_case{"c", {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}},
                    figure7_case{"d", {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}},
                    figure7_case{"e", {1, 1, 1, 4, 4, 4, 4}},
                    figure7_case{"f", {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}}),
  [](const auto& info) { return std::string{"case_"} + info.param.name; });

TEST(figure8, a_leader_does_not_commit_an_earlier_term_entry_by_counting_replicas) {
  // §5.4.2, Figure 8 (c): S1, leader again in term 4, has spread index 2 of
  // term 2 to a majority (S1, S3, S4). S5 could still win an election with
  // its term-3 entry and overwrite it (d), so S1 must not count it as
  // committed. Only once an entry of term 4 is on a majority (e) do both commit.
  network net({1, 2, 3, 4, 5}, [](config& c) { c.max_append_bytes = 1; });
  net.load(1, log_with_terms({1, 2}), hard_state{term_id{3}, no_node, raft_index{1}});
  net.load(2, log_with_terms({1, 2}), hard_state{term_id{3}, no_node, raft_index{1}});
  net.load(3, log_with_terms({1}), hard_state{term_id{3}, node_id{5}, raft_index{1}});
  net.load(4, log_with_terms({1}), hard_state{term_id{3}, node_id{5}, raft_index{1}});
  net.load(5, log_with_terms({1, 3}), hard_state{term_id{3}, node_id{5}, raft_index{1}});
  net.isolate(2);
  net.isolate(5);
  // Term 4's no-op (index 3) is held back: the first probe carrying it is
  // let through (S3 and S4 refuse it, lacking index 2), later ones are not.
  auto probes = std::make_shared<std::map<int, int>>();
  net.drop_if = [probes](const message& m) {
    return m.type == message_type::append && !m.entries.empty()
           && m.entries.back().index == raft_index{3}
           && (*probes)[m.to.value()]++ > 0;
  };
  net.raft(1).campaign();
  net.settle();
  auto& s1 = net.raft(1);
  ASSERT_EQ(s1.role(), role::leader);
  ASSERT_EQ(s1.current_term(), term_id{4});
  EXPECT_EQ(s1.progress_of(node_id{3})->match, raft_index{2});
  EXPECT_EQ(s1.progress_of(node_id{4})->match, raft_index{2});
  EXPECT_EQ(s1.commit_index(), raft_index{1})
    << "index 2 (term 2) is on S1, S3, S4 but must not count as committed";
  net.drop_if = nullptr;
  net.tick(1); // heartbeats: S3 and S4 get index 3 of term 4
  EXPECT_EQ(s1.commit_index(), raft_index{3})
    << "with index 3 of term 4 on a majority, indexes 2 and 3 commit";
}

} // namespace
} // namespace strom::raft::testing
