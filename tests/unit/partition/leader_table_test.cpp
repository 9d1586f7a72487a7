// Who leads each raft group as a node knows it: its own replicas' word and
// the other nodes' reports, newer terms first.

#include <gtest/gtest.h>

#include "actors/controller/service/leader_table.hpp"

namespace strom {
namespace {

const node_id node_1{1};
const node_id node_2{2};
const node_id node_3{3};

std::pair<node_id, term_id> entry_of(const leader_table& t, group_id g) {
  auto it = t.leaders().find(g);
  return it == t.leaders().end() ? std::make_pair(node_id{-2}, term_id{-1}) : it->second;
}

TEST(leader_table, a_report_names_the_leader_of_a_group_held_elsewhere) {
  leader_table t;
  t.merge(node_2, {leader_report{group_id{7}, node_2, term_id{3}}});
  EXPECT_EQ(entry_of(t, group_id{7}), std::make_pair(node_2, term_id{3}));
}

TEST(leader_table, an_older_term_does_not_undo_a_newer_one) {
  leader_table t;
  t.merge(node_3, {leader_report{group_id{7}, node_3, term_id{5}}});
  t.merge(node_2, {leader_report{group_id{7}, node_2, term_id{4}}});
  EXPECT_EQ(entry_of(t, group_id{7}), std::make_pair(node_3, term_id{5}));
  t.observe_local(group_id{7}, node_2, term_id{4});
  EXPECT_EQ(entry_of(t, group_id{7}), std::make_pair(node_3, term_id{5}))
    << "a local replica that lags behind does not regress the entry";
}

TEST(leader_table, a_report_fills_in_a_term_whose_leader_was_unknown) {
  leader_table t;
  t.observe_local(group_id{7}, node_id{-1}, term_id{6});
  t.merge(node_2, {leader_report{group_id{7}, node_2, term_id{6}}});
  EXPECT_EQ(entry_of(t, group_id{7}), std::make_pair(node_2, term_id{6}));
}

TEST(leader_table, a_node_going_down_takes_only_what_it_reported) {
  leader_table t;
  t.merge(node_2, {leader_report{group_id{7}, node_2, term_id{1}},
                   leader_report{group_id{8}, node_2, term_id{1}}});
  t.merge(node_3, {leader_report{group_id{9}, node_3, term_id{1}}});
  t.observe_local(group_id{10}, node_2, term_id{2});
  t.forget(node_2);
  EXPECT_EQ(t.leaders().count(group_id{7}), 0u);
  EXPECT_EQ(t.leaders().count(group_id{8}), 0u);
  EXPECT_EQ(entry_of(t, group_id{9}), std::make_pair(node_3, term_id{1}));
  EXPECT_EQ(entry_of(t, group_id{10}), std::make_pair(node_2, term_id{2}))
    << "the local replica's word stays until the replica itself says otherwise";
}

TEST(leader_table, a_node_reports_only_the_groups_it_leads_itself) {
  leader_table t;
  t.observe_local(group_id{1}, node_1, term_id{2});
  t.observe_local(group_id{2}, node_2, term_id{2});
  t.merge(node_3, {leader_report{group_id{3}, node_3, term_id{1}}});
  auto reports = t.led_by(node_1);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].group, group_id{1});
  EXPECT_EQ(reports[0].term, term_id{2});
  EXPECT_TRUE(t.led_by(node_3).empty()) << "what others reported is theirs to repeat";
}

TEST(leader_table, a_local_word_after_a_report_makes_the_entry_local_again) {
  leader_table t;
  t.merge(node_2, {leader_report{group_id{7}, node_2, term_id{1}}});
  t.observe_local(group_id{7}, node_1, term_id{2});
  t.forget(node_2);
  EXPECT_EQ(entry_of(t, group_id{7}), std::make_pair(node_1, term_id{2}));
  EXPECT_EQ(t.led_by(node_1).size(), 1u);
}

TEST(leader_table, an_erased_group_is_gone) {
  leader_table t;
  t.merge(node_2, {leader_report{group_id{7}, node_2, term_id{1}}});
  t.erase(group_id{7});
  EXPECT_TRUE(t.leaders().empty());
  t.forget(node_2);
  EXPECT_TRUE(t.leaders().empty());
}

} // namespace
} // namespace strom
