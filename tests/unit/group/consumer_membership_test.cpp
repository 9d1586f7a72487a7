// The consumer's membership, transition by transition. The exclusivity
// simulator drives the same class under faults; these pin each rule.

#include <gtest/gtest.h>

#include "actors/group/consumer_membership.hpp"

namespace strom {
namespace {

constexpr int64_t session_timeout_ms = 10'000;
constexpr int64_t heartbeat_interval_ms = 3'000;
constexpr int64_t retry_backoff_ms = 200;
// Where the requests go, unless a test moves the group.
constexpr node_id coordinator{1};
constexpr node_id other_node{2};

consumer_membership fresh() {
  return consumer_membership{{session_timeout_ms, heartbeat_interval_ms, retry_backoff_ms}};
}

// A member taken to stable in generation 1 at time `at_ms`, as "m-1".
consumer_membership stable_at(int64_t at_ms) {
  auto m = fresh();
  auto join = m.join_sent(at_ms, coordinator);
  EXPECT_EQ(m.on_joined(join, member_id{"m-1"}, generation_id{1}, false), after_join::sync);
  auto sync = m.sync_sent(at_ms, coordinator);
  EXPECT_TRUE(m.on_synced(sync, generation_id{1}, at_ms));
  return m;
}

constexpr int64_t beat_sent_ms = 3'000;
constexpr int64_t beat_failed_ms = 3'010;

// A stable member's heartbeat, sent at beat_sent_ms, fails with `code` at
// beat_failed_ms: what the membership asks next.
after_failure heartbeat_fails(consumer_membership& m, errc code) {
  auto beat = m.heartbeat_sent(beat_sent_ms, coordinator);
  return m.on_heartbeat_failed(beat, code, beat_failed_ms);
}

TEST(consumer_membership, a_new_member_gets_its_id_joins_again_and_syncs) {
  auto m = fresh();
  ASSERT_TRUE(m.may_join(0));
  auto first = m.join_sent(0, coordinator);
  EXPECT_EQ(m.phase(), member_phase::joining);
  EXPECT_FALSE(m.may_join(0));
  EXPECT_EQ(m.on_joined(first, member_id{"m-1"}, no_generation, true), after_join::join_again);
  EXPECT_EQ(m.member(), member_id{"m-1"});
  EXPECT_FALSE(m.lease_held(0)) << "an id is no assignment";
  auto second = m.join_sent(10, coordinator);
  EXPECT_EQ(m.on_joined(second, member_id{"m-1"}, generation_id{4}, false), after_join::sync);
  auto sync = m.sync_sent(20, coordinator);
  EXPECT_EQ(m.phase(), member_phase::syncing);
  ASSERT_TRUE(m.on_synced(sync, generation_id{4}, 30));
  EXPECT_EQ(m.phase(), member_phase::stable);
  EXPECT_EQ(m.generation(), generation_id{4});
}

TEST(consumer_membership, the_lease_runs_a_session_timeout_from_the_sending_of_what_confirmed_it) {
  auto m = fresh();
  auto join = m.join_sent(100, coordinator);
  m.on_joined(join, member_id{"m-1"}, generation_id{1}, false);
  auto sync = m.sync_sent(200, coordinator);
  m.on_synced(sync, generation_id{1}, 5'000); // answered late
  EXPECT_TRUE(m.lease_held(200 + session_timeout_ms - 1));
  EXPECT_FALSE(m.lease_held(200 + session_timeout_ms));
  auto beat = m.heartbeat_sent(8'000, coordinator);
  m.on_heartbeat_ok(beat, 9'000);
  EXPECT_TRUE(m.lease_held(8'000 + session_timeout_ms - 1));
  EXPECT_FALSE(m.lease_held(8'000 + session_timeout_ms));
}

TEST(consumer_membership, heartbeats_are_due_each_interval_one_at_a_time) {
  auto m = stable_at(0);
  EXPECT_FALSE(m.heartbeat_due(heartbeat_interval_ms - 1, true));
  ASSERT_TRUE(m.heartbeat_due(heartbeat_interval_ms, true));
  auto beat = m.heartbeat_sent(heartbeat_interval_ms, coordinator);
  EXPECT_FALSE(m.heartbeat_due(heartbeat_interval_ms * 5, true)) << "one in flight";
  m.on_heartbeat_ok(beat, 3'100);
  EXPECT_FALSE(m.heartbeat_due(3'100 + heartbeat_interval_ms - 1, true));
  EXPECT_TRUE(m.heartbeat_due(3'100 + heartbeat_interval_ms, true));
}

// As Kafka's in CompletingRebalance: a sync parked at a coordinator that
// lost the group is given up when a heartbeat hears of the new one's
// rebalance, not waited out for a rebalance timeout.
TEST(consumer_membership, a_syncing_member_heartbeats_and_a_rebalance_gives_its_sync_up) {
  auto m = fresh();
  auto join = m.join_sent(0, coordinator);
  m.on_joined(join, member_id{"m-1"}, generation_id{1}, false);
  auto sync = m.sync_sent(10, coordinator);
  EXPECT_FALSE(m.heartbeat_due(10 + heartbeat_interval_ms - 1, false));
  ASSERT_TRUE(m.heartbeat_due(10 + heartbeat_interval_ms, false)) << "eager, owning nothing";
  auto beat = m.heartbeat_sent(10 + heartbeat_interval_ms, coordinator);
  EXPECT_EQ(m.on_heartbeat_failed(beat, errc::rebalance_in_progress, 3'020),
            after_failure::rejoin);
  EXPECT_TRUE(m.may_join(3'020));
  EXPECT_FALSE(m.on_synced(sync, generation_id{1}, 3'030)) << "the sync was given up";
}

// A member whose join waits at the coordinator heartbeats: the coordinator
// answers ok while it holds the join, and a coordinator that is gone (no
// answer, not_coordinator) or never got it (a group error) gives the join up
// rather than leave it to its timeout of a minute and more.
TEST(consumer_membership, a_joining_member_with_an_id_heartbeats) {
  auto m = stable_at(0);
  m.rejoin();
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_FALSE(m.heartbeat_due(heartbeat_interval_ms, true)) << "idle: nothing to keep";
  m.join_sent(heartbeat_interval_ms, coordinator);
  EXPECT_TRUE(m.heartbeat_due(heartbeat_interval_ms, false)) << "eager: its join waits";
  EXPECT_TRUE(m.heartbeat_due(heartbeat_interval_ms, true)) << "cooperative: keeps its lease";
  auto fresh_member = fresh();
  fresh_member.join_sent(0, coordinator);
  EXPECT_FALSE(fresh_member.heartbeat_due(heartbeat_interval_ms, false))
    << "a first join, answered at once with an id, has no member to heartbeat for";
}

TEST(consumer_membership, a_join_parked_at_a_coordinator_that_is_gone_is_given_up) {
  auto m = stable_at(0);
  m.rejoin();
  auto join = m.join_sent(3'000, coordinator);
  auto beat = m.heartbeat_sent(4'000, coordinator);
  EXPECT_EQ(m.on_heartbeat_failed(beat, errc::timeout, 9'000), after_failure::find_coordinator);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_TRUE(m.may_join(9'000 + retry_backoff_ms));
  EXPECT_EQ(m.on_joined(join, member_id{"m-1"}, generation_id{2}, false), after_join::stale);
}

// A remote request is not failed when its connection goes down: it waits
// out its timeout (a rebalance timeout and more). A join or sync sent to the
// node whose connection went down is given up, a first join too (it has no
// id to heartbeat with, so nothing else would give it up).
TEST(consumer_membership, a_join_or_sync_sent_over_a_lost_connection_is_given_up) {
  auto m = fresh();
  auto first = m.join_sent(0, coordinator);
  EXPECT_EQ(m.on_connection_lost(other_node, 10), after_failure::nothing);
  EXPECT_EQ(m.phase(), member_phase::joining) << "another node's connection";
  EXPECT_EQ(m.on_connection_lost(coordinator, 20), after_failure::find_coordinator);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_FALSE(m.may_join(20 + retry_backoff_ms - 1));
  EXPECT_TRUE(m.may_join(20 + retry_backoff_ms));
  EXPECT_EQ(m.on_joined(first, member_id{"m-1"}, no_generation, true), after_join::stale);

  auto join = m.join_sent(500, coordinator);
  m.on_joined(join, member_id{"m-1"}, generation_id{1}, false);
  auto sync = m.sync_sent(510, coordinator);
  EXPECT_EQ(m.on_connection_lost(coordinator, 600), after_failure::find_coordinator);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_FALSE(m.on_synced(sync, generation_id{1}, 700)) << "the sync was given up";
}

TEST(consumer_membership, a_heartbeat_sent_over_a_lost_connection_is_not_waited_for) {
  auto m = stable_at(0);
  m.heartbeat_sent(heartbeat_interval_ms, coordinator);
  EXPECT_FALSE(m.heartbeat_due(heartbeat_interval_ms + retry_backoff_ms, true)) << "in flight";
  EXPECT_EQ(m.on_connection_lost(coordinator, 3'100), after_failure::nothing);
  EXPECT_EQ(m.phase(), member_phase::stable) << "a heartbeat speaks for no phase";
  EXPECT_TRUE(m.heartbeat_due(3'100 + retry_backoff_ms, true));
}

// The coordinator's node died with the member's join parked there, and the
// new coordinator restored the group stable, this member in it: it answers
// the member's heartbeats ok, and would never ask it to rejoin. The join is
// given up at once rather than waited out (65 s: the Jepsen group stall).
TEST(consumer_membership, a_heartbeat_answered_ok_by_another_node_gives_up_the_join_parked) {
  auto m = stable_at(0);
  m.rejoin();
  auto join = m.join_sent(3'000, coordinator);
  auto same = m.heartbeat_sent(4'000, coordinator);
  m.on_heartbeat_ok(same, 4'010);
  EXPECT_EQ(m.phase(), member_phase::joining) << "the coordinator holding the join";
  auto moved = m.heartbeat_sent(5'010, other_node);
  m.on_heartbeat_ok(moved, 5'020);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_TRUE(m.may_join(5'020)) << "at once: nothing failed";
  EXPECT_TRUE(m.lease_held(5'020));
  EXPECT_EQ(m.on_joined(join, member_id{"m-1"}, generation_id{2}, false), after_join::stale);
}

TEST(consumer_membership, unknown_member_forgets_the_id_and_loses_everything) {
  auto m = stable_at(0);
  EXPECT_EQ(heartbeat_fails(m, errc::unknown_member), after_failure::lose_everything);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_EQ(m.member(), member_id{});
  EXPECT_EQ(m.generation(), no_generation);
  EXPECT_FALSE(m.lease_held(beat_failed_ms));
  EXPECT_FALSE(m.may_join(beat_failed_ms + retry_backoff_ms - 1));
  EXPECT_TRUE(m.may_join(beat_failed_ms + retry_backoff_ms));
}

TEST(consumer_membership, an_old_generation_keeps_the_id_but_loses_everything) {
  for (auto code : {errc::illegal_generation, errc::fenced_instance_id}) {
    auto m = stable_at(0);
    EXPECT_EQ(heartbeat_fails(m, code), after_failure::lose_everything);
    EXPECT_EQ(m.member(), member_id{"m-1"});
    EXPECT_EQ(m.generation(), no_generation);
    EXPECT_FALSE(m.lease_held(beat_failed_ms));
  }
}

TEST(consumer_membership, a_rebalance_rejoins_at_once_and_keeps_the_lease) {
  auto m = stable_at(0);
  EXPECT_EQ(heartbeat_fails(m, errc::rebalance_in_progress), after_failure::rejoin);
  EXPECT_TRUE(m.may_join(beat_failed_ms));
  EXPECT_TRUE(m.lease_held(beat_failed_ms)) << "a cooperative member keeps what it owns meanwhile";
  EXPECT_EQ(m.generation(), generation_id{1}) << "it claims what it owns in its generation";
}

TEST(consumer_membership, a_heartbeat_that_finds_no_coordinator_changes_no_phase) {
  auto m = stable_at(0);
  EXPECT_EQ(heartbeat_fails(m, errc::not_coordinator), after_failure::find_coordinator);
  EXPECT_EQ(m.phase(), member_phase::stable);
  EXPECT_TRUE(m.heartbeat_due(beat_failed_ms + retry_backoff_ms, true));
}

TEST(consumer_membership, a_failed_join_backs_off_and_finds_the_coordinator_again) {
  auto m = fresh();
  auto join = m.join_sent(0, coordinator);
  EXPECT_EQ(m.on_failed(join, errc::unreachable, 50), after_failure::find_coordinator);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_FALSE(m.may_join(50 + retry_backoff_ms - 1));
  EXPECT_TRUE(m.may_join(50 + retry_backoff_ms));
}

// A heartbeat told that the group moved on speaks for the join sent before
// it: that join's answer, if it ever comes, is stale.
TEST(consumer_membership, a_heartbeats_group_error_gives_up_the_join_sent_before_it) {
  auto m = stable_at(0);
  m.rejoin();
  auto join = m.join_sent(3'000, coordinator);
  auto beat = m.heartbeat_sent(3'000, coordinator);
  EXPECT_EQ(m.on_heartbeat_failed(beat, errc::rebalance_in_progress, 3'050),
            after_failure::rejoin);
  EXPECT_EQ(m.on_joined(join, member_id{"m-1"}, generation_id{2}, false), after_join::stale);
  EXPECT_EQ(m.on_failed(join, errc::unknown_member, 3'060), after_failure::nothing);
  EXPECT_EQ(m.generation(), generation_id{1});
  EXPECT_TRUE(m.may_join(3'060));
}

TEST(consumer_membership, a_heartbeats_group_error_leaves_a_join_sent_after_it_alone) {
  auto m = stable_at(0);
  auto beat = m.heartbeat_sent(3'000, coordinator);
  m.rejoin();
  auto join = m.join_sent(3'010, coordinator);
  EXPECT_EQ(m.on_heartbeat_failed(beat, errc::rebalance_in_progress, 3'050),
            after_failure::nothing);
  EXPECT_EQ(m.phase(), member_phase::joining);
  EXPECT_EQ(m.on_joined(join, member_id{"m-1"}, generation_id{2}, false), after_join::sync);
}

TEST(consumer_membership, an_answer_to_a_request_not_in_flight_changes_nothing) {
  auto m = stable_at(0);
  auto beat = m.heartbeat_sent(3'000, coordinator);
  m.on_heartbeat_ok(beat, 3'010);
  EXPECT_EQ(m.on_heartbeat_failed(beat, errc::unknown_member, 3'020), after_failure::nothing);
  EXPECT_EQ(m.member(), member_id{"m-1"});
  m.rejoin();
  auto join = m.join_sent(3'030, coordinator);
  m.on_joined(join, member_id{"m-1"}, generation_id{2}, false);
  auto sync = m.sync_sent(3'040, coordinator);
  EXPECT_FALSE(m.on_synced(join, generation_id{2}, 3'050)) << "the join is no sync";
  EXPECT_TRUE(m.on_synced(sync, generation_id{2}, 3'050));
  EXPECT_FALSE(m.on_synced(sync, generation_id{3}, 3'060)) << "answered once";
  EXPECT_EQ(m.generation(), generation_id{2});
}

TEST(consumer_membership, a_stable_member_whose_lease_ended_joins_again_at_once) {
  auto m = stable_at(0);
  ASSERT_FALSE(m.lease_held(session_timeout_ms));
  m.lease_lost(session_timeout_ms);
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_TRUE(m.may_join(session_timeout_ms));
  EXPECT_FALSE(m.lease_held(session_timeout_ms));
}

TEST(consumer_membership, a_new_subscription_rejoins_at_once_even_while_joining) {
  auto m = fresh();
  auto join = m.join_sent(0, coordinator);
  m.rejoin();
  EXPECT_EQ(m.phase(), member_phase::idle);
  EXPECT_TRUE(m.may_join(10)) << "no backoff: nothing failed";
  EXPECT_EQ(m.on_joined(join, member_id{"m-1"}, generation_id{1}, false), after_join::stale)
    << "that join carried the old subscription";
  auto s = stable_at(0);
  s.rejoin();
  EXPECT_EQ(s.phase(), member_phase::idle);
  EXPECT_TRUE(s.may_join(0));
}

} // namespace
} // namespace strom
