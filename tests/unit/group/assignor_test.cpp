// The four assignors: Kafka's documented examples, completeness, balance,
// determinism, stickiness and the cooperative two-phase hand-over.

#include <algorithm>

#include "tests/unit/group/assignor_fixtures.hpp"
#include "tests/support/test_seed.hpp"

namespace strom {
namespace {

using test::assign;
using test::member;
using test::tp;

const std::vector<std::string> all_assignors{"range", "round_robin", "sticky",
                                             "cooperative_sticky"};

TEST(assignors, unknown_names_have_no_assignor) {
  EXPECT_EQ(make_assignor("roundrobin"), nullptr);
  EXPECT_FALSE(is_known_assignor(""));
  for (const auto& name : all_assignors)
    EXPECT_EQ(make_assignor(name)->name(), name);
  EXPECT_TRUE(make_assignor("cooperative_sticky")->cooperative());
  EXPECT_FALSE(make_assignor("sticky")->cooperative());
}

// Kafka's RangeAssignor javadoc: C0, C1 on t0 and t1 of 3 partitions each.
TEST(assignors, range_gives_consecutive_ranges_per_topic) {
  assignor_input input{{member("C1", {"t0", "t1"}), member("C0", {"t0", "t1"})},
                       {{"t0", 3}, {"t1", 3}}};
  auto out = assign("range", input);
  EXPECT_EQ(out[member_id{"C0"}], (partition_set{tp("t0", 0), tp("t0", 1), tp("t1", 0), tp("t1", 1)}));
  EXPECT_EQ(out[member_id{"C1"}], (partition_set{tp("t0", 2), tp("t1", 2)}));
}

// Kafka's RoundRobinAssignor javadoc, the same group.
TEST(assignors, round_robin_deals_partitions_in_member_order) {
  assignor_input input{{member("C1", {"t0", "t1"}), member("C0", {"t0", "t1"})},
                       {{"t0", 3}, {"t1", 3}}};
  auto out = assign("round_robin", input);
  EXPECT_EQ(out[member_id{"C0"}], (partition_set{tp("t0", 0), tp("t0", 2), tp("t1", 1)}));
  EXPECT_EQ(out[member_id{"C1"}], (partition_set{tp("t0", 1), tp("t1", 0), tp("t1", 2)}));
}

TEST(assignors, range_co_partitions_topics_of_equal_size) {
  assignor_input input{{member("a", {"x", "y"}), member("b", {"x", "y"}), member("c", {"x", "y"})},
                       {{"x", 7}, {"y", 7}}};
  auto out = assign("range", input);
  for (const auto& [id, partitions] : out)
    for (const auto& p : partitions)
      if (p.topic == "x") {
        EXPECT_TRUE(partitions.count(tp("y", p.partition.value()))) << id << " " << p;
      }
}

TEST(assignors, nothing_is_assigned_from_unknown_or_unsubscribed_topics) {
  assignor_input input{{member("a", {"known", "missing"})}, {{"known", 2}, {"other", 5}}};
  for (const auto& name : all_assignors)
    EXPECT_EQ(assign(name, input)[member_id{"a"}], (partition_set{tp("known", 0), tp("known", 1)}))
      << name;
}

// Identical subscriptions, many group and topic sizes: every partition has
// exactly one owner and counts differ by at most one (range: per topic).
TEST(assignors, every_assignor_covers_all_partitions_and_balances) {
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937 random(static_cast<uint32_t>(seed));
  for (int round = 0; round < 60; ++round) {
    assignor_input input;
    int members = 1 + static_cast<int>(random() % 9);
    for (int m = 0; m < members; ++m)
      input.members.push_back(member("m" + std::to_string(m), {"a", "b"}));
    input.partitions = {{"a", static_cast<int32_t>(random() % 20)},
                        {"b", static_cast<int32_t>(1 + random() % 20)}};
    for (const auto& name : all_assignors) {
      SCOPED_TRACE(name + " round " + std::to_string(round));
      auto out = assign(name, input);
      test::expect_owned_at_most_once(input, out);
      EXPECT_EQ(test::assigned_count(out),
                static_cast<size_t>(input.partitions["a"] + input.partitions["b"]));
      if (name != "range")
        test::expect_balanced(input, out);
    }
    for (const auto& topic : {"a", "b"}) {
      assignor_input one_topic{input.members, {{topic, input.partitions[topic]}}};
      test::expect_balanced(one_topic, assign("range", one_topic));
    }
  }
}

// Different subscriptions: sticky still balances members that share theirs.
TEST(assignors, sticky_balances_members_with_the_same_subscription) {
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937 random(static_cast<uint32_t>(seed));
  const std::vector<std::set<std::string>> subscriptions{{"a"}, {"a", "b"}, {"b", "c"}};
  for (int round = 0; round < 60; ++round) {
    assignor_input input{{}, {{"a", 9}, {"b", 4}, {"c", 13}}};
    int members = 2 + static_cast<int>(random() % 8);
    for (int m = 0; m < members; ++m)
      input.members.push_back(member("m" + std::to_string(m), subscriptions[random() % 3]));
    auto out = assign("sticky", input);
    SCOPED_TRACE("round " + std::to_string(round));
    test::expect_owned_at_most_once(input, out);
    test::expect_balanced(input, out);
  }
}

TEST(assignors, the_order_of_members_never_changes_the_outcome) {
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937 random(static_cast<uint32_t>(seed));
  assignor_input input{{member("a", {"x", "y"}, {tp("x", 3)}, 4), member("b", {"y"}),
                        member("c", {"x"}, {tp("x", 3), tp("x", 0)}, 5),
                        member("d", {"x", "y"}, {tp("y", 1)}, 5)},
                       {{"x", 8}, {"y", 5}}};
  for (const auto& name : all_assignors) {
    auto first = assign(name, input);
    for (int i = 0; i < 10; ++i) {
      auto shuffled = input;
      std::shuffle(shuffled.members.begin(), shuffled.members.end(), random);
      EXPECT_EQ(assign(name, shuffled), first) << name;
    }
  }
}

// 4 members own 3 partitions each of 12; one leaves.
TEST(assignors, sticky_keeps_every_partition_that_need_not_move) {
  assignor_input before{{}, {{"t", 12}}};
  for (int m = 0; m < 4; ++m)
    before.members.push_back(member("m" + std::to_string(m), {"t"}));
  auto first = assign("sticky", before);
  assignor_input after{{}, {{"t", 12}}};
  for (int m = 0; m < 3; ++m) {
    member_id id{"m" + std::to_string(m)};
    after.members.push_back(member(id.value(), {"t"}, first[id], 1));
  }
  auto second = assign("sticky", after);
  for (const auto& m : after.members) {
    EXPECT_EQ(second[m.id].size(), 4u);
    EXPECT_TRUE(std::includes(second[m.id].begin(), second[m.id].end(), m.owned.begin(),
                              m.owned.end()))
      << m.id << " lost a partition it could keep";
  }
}

// A fifth member joins 4 that own 12 partitions of 15: only what must move
// moves (3 partitions, one from each member holding 4).
TEST(assignors, sticky_moves_only_enough_partitions_for_a_new_member) {
  assignor_input input{{member("m0", {"t"}, {tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3)}, 2),
                        member("m1", {"t"}, {tp("t", 4), tp("t", 5), tp("t", 6), tp("t", 7)}, 2),
                        member("m2", {"t"}, {tp("t", 8), tp("t", 9), tp("t", 10)}, 2),
                        member("m3", {"t"}, {tp("t", 11), tp("t", 12), tp("t", 13), tp("t", 14)}, 2),
                        member("new", {"t"})},
                       {{"t", 15}}};
  auto out = assign("sticky", input);
  size_t kept = 0;
  for (const auto& m : input.members)
    for (const auto& p : m.owned)
      kept += out[m.id].count(p);
  EXPECT_EQ(kept, 12u);
  EXPECT_EQ(out[member_id{"new"}].size(), 3u);
  test::expect_balanced(input, out);
}

TEST(assignors, of_two_claims_the_newer_generation_wins) {
  assignor_input input{{member("old", {"t"}, {tp("t", 0), tp("t", 1)}, 3),
                        member("new", {"t"}, {tp("t", 0)}, 4)},
                       {{"t", 2}}};
  auto out = assign("sticky", input);
  EXPECT_EQ(out[member_id{"new"}], (partition_set{tp("t", 0)}));
  EXPECT_EQ(out[member_id{"old"}], (partition_set{tp("t", 1)}));
}

// Cooperative: partitions that move are first only taken away; the next
// rebalance, with the owners' claims updated, gives them to the new member.
TEST(assignors, cooperative_sticky_hands_partitions_over_in_two_rebalances) {
  assignor_input input{{member("a", {"t"}, {tp("t", 0), tp("t", 1), tp("t", 2)}, 1),
                        member("b", {"t"}, {tp("t", 3), tp("t", 4), tp("t", 5)}, 1),
                        member("c", {"t"})},
                       {{"t", 6}}};
  auto first = assign("cooperative_sticky", input);
  EXPECT_TRUE(first[member_id{"c"}].empty()) << "c got partitions a or b still own";
  EXPECT_EQ(first[member_id{"a"}].size(), 2u);
  EXPECT_EQ(first[member_id{"b"}].size(), 2u);
  test::expect_owned_at_most_once(input, first);
  for (auto& m : input.members) {
    m.owned = first[m.id];
    m.owned_generation = generation_id{2};
  }
  auto second = assign("cooperative_sticky", input);
  EXPECT_EQ(second[member_id{"a"}], first[member_id{"a"}]);
  EXPECT_EQ(second[member_id{"b"}], first[member_id{"b"}]);
  EXPECT_EQ(second[member_id{"c"}].size(), 2u);
  EXPECT_EQ(test::assigned_count(second), 6u);
}

// A member that unsubscribed from a topic may still consume it: cooperative
// does not give its partitions away before it has let them go.
TEST(assignors, cooperative_sticky_waits_for_an_unsubscribed_owner) {
  assignor_input input{{member("a", {"u"}, {tp("t", 0), tp("t", 1)}, 1), member("b", {"t"})},
                       {{"t", 2}, {"u", 1}}};
  auto first = assign("cooperative_sticky", input);
  EXPECT_TRUE(first[member_id{"b"}].empty());
  EXPECT_EQ(first[member_id{"a"}], (partition_set{tp("u", 0)}));
  EXPECT_EQ(assign("sticky", input)[member_id{"b"}], (partition_set{tp("t", 0), tp("t", 1)}));
}

} // namespace
} // namespace strom
