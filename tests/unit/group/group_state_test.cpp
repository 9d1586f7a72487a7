// The group state machine: joins, syncs, heartbeats, leaves, expiry,
// fencing, static membership and rebalances on partition growth.

#include "tests/unit/group/group_fixtures.hpp"

namespace strom {
namespace {

using test::code_of;
using test::group_driver;
using test::join_as;

topic_partition tp(const std::string& topic, int32_t partition) {
  return topic_partition{topic, partition_id{partition}};
}

TEST(group_state, a_first_member_gets_an_id_generation_1_and_every_partition) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 3}}, d.now);
  auto reply = test::join_new(d.group, join_as("app", {"t"}), d.now);
  auto id = test::pending_member(reply);
  EXPECT_FALSE(id.value().empty());
  EXPECT_EQ(d.group.phase(), group_phase::completing_rebalance);
  auto done = d.group.take_completed();
  ASSERT_EQ(done.joins.size(), 1u);
  ASSERT_TRUE(done.joins[0].response);
  EXPECT_EQ(done.joins[0].response->generation, generation_id{1});
  EXPECT_EQ(done.joins[0].response->leader, id);
  EXPECT_EQ(done.joins[0].response->protocol, "range");
  // The sync waits until the generation's record is in the log.
  auto sync = d.group.sync(id, generation_id{1}, d.now);
  ASSERT_TRUE(sync);
  EXPECT_TRUE(std::holds_alternative<pending_reply>(*sync));
  auto synced = d.settle().syncs;
  ASSERT_EQ(synced.size(), 1u);
  EXPECT_EQ(synced[0].response->assignment, (partition_set{tp("t", 0), tp("t", 1), tp("t", 2)}));
  EXPECT_EQ(d.group.phase(), group_phase::stable);
  ASSERT_EQ(d.written.size(), 1u);
  EXPECT_EQ(d.written[0].generation, generation_id{1});
  // Once stable, a sync is answered at once.
  auto again = d.group.sync(id, generation_id{1}, d.now);
  ASSERT_TRUE(again);
  EXPECT_TRUE(std::holds_alternative<sync_response>(*again));
}

// The coordinator logs these notes: each rebalance with its reason.
TEST(group_state, says_why_each_rebalance_happened) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 3}}, d.now);
  auto a = d.join("a");
  auto notes = d.group.take_completed().notes;
  auto said = [&](const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(said("rebalance after generation 0: new member " + a.value() + " joined"));
  EXPECT_TRUE(said("generation 1: 1 members"));
  d.sync_all();
  d.group.tick(d.now + 60'000);
  notes = d.group.take_completed().notes;
  EXPECT_TRUE(said("rebalance after generation 1: member " + a.value() + " expired"));
}

TEST(group_state, the_initial_delay_lets_a_starting_group_rebalance_once) {
  group_driver d("range", group_limits{});
  auto a = d.join("a");
  d.now += 1'000;
  auto b = d.join("b");
  d.group.tick(d.now + 1'000);
  EXPECT_TRUE(d.group.take_completed().empty());
  d.group.tick(1'000 + 3'000);
  auto joins = d.group.take_completed().joins;
  ASSERT_EQ(joins.size(), 2u);
  EXPECT_EQ(joins[0].response->generation, generation_id{1});
  EXPECT_EQ(joins[1].response->generation, generation_id{1});
}

TEST(group_state, a_new_member_makes_the_others_rejoin) {
  group_driver d;
  auto a = d.stable_group({"a"}, 4)[0];
  auto b = d.join("b");
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  EXPECT_EQ(code_of(d.group.heartbeat(a, generation_id{1}, d.now)), errc::rebalance_in_progress);
  EXPECT_TRUE(d.group.take_completed().joins.empty()) << "b's join waits for a";
  d.rejoin_all();
  auto joins = d.group.take_completed().joins;
  ASSERT_EQ(joins.size(), 2u);
  EXPECT_EQ(d.group.generation(), generation_id{2});
  EXPECT_EQ(d.group.leader(), a) << "the leader stays while it is a member";
  auto assignment = d.sync_all();
  EXPECT_EQ(assignment[a].size(), 2u);
  EXPECT_EQ(assignment[b].size(), 2u);
  EXPECT_TRUE(d.group.heartbeat(a, generation_id{2}, d.now));
}

// A member whose join waits here heartbeats to learn that it still does; a
// new one has no generation yet (consumer_membership gives up a join whose
// coordinator answers otherwise).
TEST(group_state, a_member_whose_join_waits_here_may_heartbeat_without_a_generation) {
  group_driver d;
  auto a = d.stable_group({"a"}, 4)[0];
  auto b = d.join("b");
  EXPECT_TRUE(d.group.heartbeat(b, no_generation, d.now)) << "b's join is parked here";
  EXPECT_EQ(code_of(d.group.heartbeat(a, no_generation, d.now)), errc::illegal_generation)
    << "a has not rejoined: its generation must be the group's";
}

TEST(group_state, requests_from_strangers_and_old_generations_are_fenced) {
  group_driver d;
  auto a = d.stable_group({"a"}, 2)[0];
  member_id stranger{"nobody"};
  EXPECT_EQ(code_of(d.group.heartbeat(stranger, generation_id{1}, d.now)), errc::unknown_member);
  EXPECT_EQ(code_of(d.group.sync(stranger, generation_id{1}, d.now)), errc::unknown_member);
  EXPECT_EQ(code_of(d.group.leave(stranger, d.now)), errc::unknown_member);
  auto request = join_as("x", {"t"});
  request.member = stranger;
  EXPECT_EQ(code_of(d.group.join(request, d.now)), errc::unknown_member);
  EXPECT_EQ(code_of(d.group.heartbeat(a, generation_id{0}, d.now)), errc::illegal_generation);
  EXPECT_EQ(code_of(d.group.sync(a, generation_id{7}, d.now)), errc::illegal_generation);
  EXPECT_EQ(code_of(d.group.validate_offset_commit(a, generation_id{0})),
            errc::illegal_generation);
  EXPECT_EQ(code_of(d.group.validate_offset_commit(stranger, generation_id{1})),
            errc::unknown_member);
  EXPECT_EQ(code_of(d.group.validate_offset_commit(member_id{}, no_generation)),
            errc::unknown_member)
    << "a group with members takes no commits from outside";
  EXPECT_TRUE(d.group.validate_offset_commit(a, generation_id{1}));
}

TEST(group_state, a_sync_during_a_rebalance_is_told_to_rejoin) {
  group_driver d;
  auto a = d.stable_group({"a"}, 2)[0];
  d.join("b");
  EXPECT_EQ(code_of(d.group.sync(a, generation_id{1}, d.now)), errc::rebalance_in_progress);
  // Members of the old generation may still commit what they processed.
  EXPECT_TRUE(d.group.validate_offset_commit(a, generation_id{1}));
  d.rejoin_all();
  EXPECT_EQ(code_of(d.group.validate_offset_commit(a, generation_id{2})),
            errc::rebalance_in_progress)
    << "no commits while the assignment is being handed out";
}

TEST(group_state, a_pending_sync_is_answered_rebalance_in_progress_when_a_member_joins) {
  group_driver d;
  auto a = d.join("a");
  d.group.take_completed();
  EXPECT_TRUE(d.group.sync(a, generation_id{1}, d.now));
  d.join("b");
  auto syncs = d.group.take_completed().syncs;
  ASSERT_EQ(syncs.size(), 1u);
  EXPECT_EQ(syncs[0].member, a);
  EXPECT_EQ(code_of(syncs[0].response), errc::rebalance_in_progress);
}

TEST(group_state, a_member_that_does_not_rejoin_in_time_is_removed) {
  group_driver d;
  auto a = d.stable_group({"a"}, 2)[0];
  auto b = d.join("b");
  // a heartbeats (each told to rejoin) but never rejoins.
  for (int64_t at : {9'000, 18'000, 27'000})
    EXPECT_EQ(code_of(d.group.heartbeat(a, generation_id{1}, d.now + at)),
              errc::rebalance_in_progress);
  d.group.tick(d.now + 29'999);
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  d.group.tick(d.now + 30'000); // a's rebalance timeout
  EXPECT_EQ(d.group.generation(), generation_id{2});
  EXPECT_EQ(d.group.members().count(a), 0u);
  EXPECT_EQ(d.group.members().count(b), 1u);
}

TEST(group_state, leaving_rebalances_and_the_last_one_out_empties_the_group) {
  group_driver d;
  auto ids = d.stable_group({"a", "b"}, 2);
  auto a = ids[0], b = ids[1];
  ASSERT_TRUE(d.group.leave(a, d.now));
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  EXPECT_EQ(code_of(d.group.heartbeat(b, d.group.generation(), d.now)),
            errc::rebalance_in_progress);
  d.rejoin_all();
  EXPECT_EQ(d.sync_all()[b].size(), 2u);
  auto generation = d.group.generation();
  ASSERT_TRUE(d.group.leave(b, d.now));
  EXPECT_EQ(d.group.phase(), group_phase::empty);
  EXPECT_EQ(d.group.generation().value(), generation.value() + 1);
  d.settle();
  EXPECT_TRUE(d.written.back().members.empty()) << "the empty group is written too";
  EXPECT_TRUE(d.group.validate_offset_commit(member_id{}, no_generation));
}

TEST(group_state, a_silent_member_expires_after_its_session_timeout) {
  group_driver d;
  auto ids = d.stable_group({"a", "b"}, 2);
  auto a = ids[0], b = ids[1];
  int64_t start = d.now;
  EXPECT_TRUE(d.group.heartbeat(a, d.group.generation(), start + 9'000));
  EXPECT_TRUE(d.group.expire(start + 9'999).empty());
  EXPECT_EQ(d.group.next_deadline_ms(), start + 10'000);
  auto expired = d.group.expire(start + 10'000);
  EXPECT_EQ(expired, std::vector<member_id>{b});
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  // a waits in its join: it does not expire while the group rebalances.
  d.rejoin_all();
  d.group.take_completed();
  d.group.tick(start + 50'000);
  EXPECT_EQ(d.group.members().count(a), 1u);
}

join_request static_request() {
  auto request = join_as("app", {"t"});
  request.group_instance_id = "host-1";
  return request;
}

TEST(group_state, a_static_member_that_returns_in_time_keeps_its_assignment) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 4}}, d.now);
  auto request = static_request();
  auto a = test::pending_member(d.group.join(request, d.now));
  d.join("b");
  d.rejoin_all();
  auto before = d.sync_all();
  auto generation = d.group.generation();
  d.written.clear();
  // The process restarts: no member id, the same instance id.
  d.now += 5'000;
  auto reply = d.group.join(request, d.now);
  ASSERT_TRUE(reply);
  ASSERT_TRUE(std::holds_alternative<join_response>(*reply))
    << "no rebalance, but " << to_string(d.group.phase());
  auto fresh = std::get<join_response>(*reply).member;
  EXPECT_NE(fresh, a);
  EXPECT_EQ(std::get<join_response>(*reply).generation, generation);
  EXPECT_EQ(d.group.phase(), group_phase::stable);
  auto sync = d.group.sync(fresh, generation, d.now);
  ASSERT_TRUE(sync);
  EXPECT_EQ(std::get<sync_response>(*sync).assignment, before[a]);
  EXPECT_EQ(d.group.leader(), fresh);
  d.settle();
  ASSERT_EQ(d.written.size(), 1u) << "the new member id is written";
  // The old incarnation is fenced.
  EXPECT_EQ(code_of(d.group.heartbeat(a, generation, d.now)), errc::unknown_member);
  auto stale = request;
  stale.member = a;
  EXPECT_EQ(code_of(d.group.join(stale, d.now)), errc::fenced_instance_id);
}

TEST(group_state, a_static_member_gone_past_its_session_timeout_is_removed) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 4}}, d.now);
  auto request = static_request();
  auto a = test::pending_member(d.group.join(request, d.now));
  d.sync_all();
  d.group.tick(d.now + 10'000);
  EXPECT_EQ(d.group.members().count(a), 0u);
  EXPECT_EQ(d.group.phase(), group_phase::empty);
}

TEST(group_state, a_subscribed_topic_that_grows_rebalances_the_group) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 2}, {"other", 1}}, d.now);
  auto a = d.join("a");
  d.sync_all();
  d.group.topic_partitions_changed({{"t", 2}, {"other", 9}}, d.now);
  EXPECT_EQ(d.group.phase(), group_phase::stable) << "not a topic the group reads";
  d.group.topic_partitions_changed({{"t", 3}, {"other", 9}}, d.now);
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  d.rejoin_all();
  EXPECT_EQ(d.sync_all()[a], (partition_set{tp("t", 0), tp("t", 1), tp("t", 2)}));
}

TEST(group_state, joins_outside_the_rules_are_refused) {
  group_limits limits = test::quick_limits();
  limits.members_max = 1;
  group_driver d("range", limits);
  auto request = join_as("a", {"t"});
  request.session_timeout_ms = 10;
  EXPECT_EQ(code_of(d.group.join(request, d.now)), errc::invalid_session_timeout);
  EXPECT_EQ(code_of(d.group.join(join_as("a", {"t"}, {"mystery"}), d.now)),
            errc::inconsistent_group_protocol);
  d.join("a");
  EXPECT_EQ(code_of(d.group.join(join_as("b", {"t"}, {"sticky"}), d.now)),
            errc::inconsistent_group_protocol);
  EXPECT_EQ(code_of(d.group.join(join_as("b", {"t"}), d.now)), errc::group_max_size_reached);
}

TEST(group_state, the_assignor_most_members_prefer_among_the_common_ones_wins) {
  group_driver d;
  test::join_new(d.group, join_as("a", {"t"}, {"sticky", "range"}), d.now);
  test::join_new(d.group, join_as("b", {"t"}, {"round_robin", "sticky", "range"}), d.now);
  test::join_new(d.group, join_as("c", {"t"}, {"round_robin", "range", "sticky"}), d.now);
  d.rejoin_all();
  EXPECT_EQ(d.group.protocol(), "sticky") << "round_robin is not supported by a";
}

TEST(group_state, only_an_empty_group_can_be_deleted) {
  group_driver d;
  auto a = d.join("a");
  EXPECT_EQ(code_of(d.group.delete_group()), errc::non_empty_group);
  ASSERT_TRUE(d.group.leave(a, d.now));
  ASSERT_TRUE(d.group.delete_group());
  EXPECT_EQ(d.group.phase(), group_phase::dead);
  EXPECT_EQ(code_of(d.group.join(join_as("b", {"t"}), d.now)), errc::coordinator_not_available);
}

// Kafka's KIP-394: a new member learns its id before the group forms, so
// that a client closed while it waits can leave by it.
TEST(group_state, a_new_member_is_given_its_id_first_and_may_leave_by_it_before_joining) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 2}}, d.now);
  auto first = d.group.join(join_as("a", {"t"}), d.now);
  ASSERT_TRUE(first);
  ASSERT_TRUE(std::holds_alternative<join_response>(*first));
  const auto& given = std::get<join_response>(*first);
  EXPECT_TRUE(given.member_id_required);
  EXPECT_FALSE(given.member.value().empty());
  EXPECT_EQ(d.group.members().size(), 0u) << "not a member until it joins with the id";
  EXPECT_EQ(d.group.pending_members(), 1u);
  EXPECT_EQ(d.group.phase(), group_phase::empty) << "no rebalance for an id";
  ASSERT_TRUE(d.group.leave(given.member, d.now));
  EXPECT_EQ(d.group.pending_members(), 0u);
  // Joined with its id, it is a member; leaving then empties the group.
  auto again = join_as("b", {"t"});
  auto b = test::pending_member(test::join_new(d.group, again, d.now));
  EXPECT_EQ(d.group.members().count(b), 1u);
  ASSERT_TRUE(d.group.leave(b, d.now));
  EXPECT_TRUE(d.group.members().empty());
}

TEST(group_state, an_id_given_and_never_joined_with_is_forgotten_after_the_session_timeout) {
  group_driver d;
  auto first = d.group.join(join_as("a", {"t"}), d.now);
  auto id = std::get<join_response>(*first).member;
  d.group.tick(d.now + 9'999);
  EXPECT_EQ(d.group.pending_members(), 1u);
  d.group.tick(d.now + 10'000);
  EXPECT_EQ(d.group.pending_members(), 0u);
  auto late = join_as("a", {"t"});
  late.member = id;
  EXPECT_EQ(code_of(d.group.join(late, d.now + 10'000)), errc::unknown_member);
}

// A member whose rebalance timeout (3 s) is below its session timeout
// (10 s), which Kafka allows.
join_request short_rebalance(const std::string& client, member_id id = member_id{}) {
  auto request = join_as(client, {"t"});
  request.member = std::move(id);
  request.rebalance_timeout_ms = 3'000;
  return request;
}

// a and b, both short_rebalance, joined on 4 partitions; their syncs next.
std::pair<member_id, member_id> short_rebalance_pair(group_driver& d) {
  d.group.topic_partitions_changed({{"t", 4}}, d.now);
  auto a = test::pending_member(test::join_new(d.group, short_rebalance("a"), d.now));
  auto b = test::pending_member(test::join_new(d.group, short_rebalance("b"), d.now));
  EXPECT_TRUE(d.group.join(short_rebalance("a", a), d.now));
  d.group.take_completed();
  return {a, b};
}

// All members' rebalance timeouts (3 s) below their session timeouts (10 s),
// which Kafka allows: a member that misses a rebalance is dropped at its end
// while it may still be consuming what it was given.
TEST(group_state, a_member_dropped_while_its_lease_runs_keeps_its_partitions_from_the_others) {
  group_driver d;
  auto [a, b] = short_rebalance_pair(d);
  auto first = d.sync_all();
  ASSERT_EQ(first[a].size(), 2u);
  auto generation = d.group.generation();
  int64_t confirmed = d.now + 5'000;
  ASSERT_TRUE(d.group.heartbeat(a, generation, confirmed)); // a's lease: until +15 s
  d.now = confirmed;
  auto c = test::pending_member(test::join_new(d.group, short_rebalance("c"), d.now));
  ASSERT_TRUE(d.group.join(short_rebalance("b", b), d.now));
  // a's heartbeats are lost: it never hears of the rebalance.
  d.now += 3'000;
  d.group.tick(d.now);
  ASSERT_EQ(d.group.generation().value(), generation.value() + 1);
  EXPECT_EQ(d.group.members().count(a), 0u);
  ASSERT_EQ(d.group.held().size(), 2u);
  for (const auto& tp : first[a])
    EXPECT_EQ(d.group.held().at(tp), confirmed + 10'000) << tp;
  d.group.take_completed();
  auto second = d.sync_all();
  for (const auto& member : {b, c})
    for (const auto& tp : second[member])
      EXPECT_EQ(first[a].count(tp), 0u) << tp << " of a went to another while a may hold it";
  EXPECT_EQ(second[b].size() + second[c].size(), 2u);
  // a's lease ends: the group rebalances and hands a's partitions out.
  EXPECT_EQ(d.group.next_deadline_ms(), confirmed + 10'000);
  d.now = confirmed + 10'000;
  d.group.tick(d.now);
  EXPECT_TRUE(d.group.held().empty());
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  ASSERT_TRUE(d.group.join(short_rebalance("b", b), d.now));
  ASSERT_TRUE(d.group.join(short_rebalance("c", c), d.now));
  d.group.take_completed();
  auto third = d.sync_all();
  EXPECT_EQ(third[b].size() + third[c].size(), 4u);
}

TEST(group_state, a_member_whose_join_is_in_keeps_its_lease_with_heartbeats_while_others_rejoin) {
  group_driver d("cooperative_sticky");
  auto ids = d.stable_group({"a", "b"}, 4);
  auto a = ids[0], b = ids[1];
  auto generation = d.group.generation();
  d.join("c");
  auto rejoin_a = join_as("a", {"t"}, {"cooperative_sticky"});
  rejoin_a.member = a;
  ASSERT_TRUE(d.group.join(rejoin_a, d.now));
  EXPECT_TRUE(d.group.heartbeat(a, generation, d.now + 1'000)) << "a's join is in";
  EXPECT_EQ(d.group.members().at(a).confirmed_ms, d.now + 1'000);
  EXPECT_EQ(code_of(d.group.heartbeat(b, generation, d.now + 1'000)),
            errc::rebalance_in_progress)
    << "b has not rejoined: it is told to, and its lease does not grow";
  EXPECT_LT(d.group.members().at(b).confirmed_ms, d.now + 1'000);
}

// The coordinator's partition moves to a node that has not seen the topic
// yet (its metadata view is older than the old coordinator's): the group
// keeps its generation instead of taking the topic for gone and back.
TEST(group_state, a_new_coordinator_ignores_topic_views_older_than_the_groups) {
  group_driver d;
  d.group.topic_partitions_changed({{"t", 3}}, raft_index{50}, d.now);
  d.join("a");
  d.sync_all();
  ASSERT_EQ(d.group.phase(), group_phase::stable);
  auto snapshot = d.written.back();
  EXPECT_EQ(snapshot.partitions_applied, raft_index{50});
  auto restored = group_state::restore(snapshot, d.now, test::quick_limits());
  restored.topic_partitions_changed({}, raft_index{40}, d.now);
  EXPECT_EQ(restored.phase(), group_phase::stable) << "an older view: t is not known yet";
  restored.topic_partitions_changed({{"t", 3}}, raft_index{60}, d.now);
  EXPECT_EQ(restored.phase(), group_phase::stable);
  EXPECT_EQ(restored.generation(), generation_id{1});
  restored.topic_partitions_changed({}, raft_index{70}, d.now);
  EXPECT_EQ(restored.phase(), group_phase::preparing_rebalance) << "a newer view: t is gone";
}

// The coordinator's partition moves: what it held back is held again by the
// new one, for as long as it could still be held, counted from the takeover.
TEST(group_state, a_new_coordinator_holds_what_the_old_one_held_and_confirms_every_member) {
  group_driver d;
  auto [a, b] = short_rebalance_pair(d);
  d.sync_all();
  d.now += 1'000;
  test::join_new(d.group, short_rebalance("c"), d.now);
  ASSERT_TRUE(d.group.join(short_rebalance("b", b), d.now)); // b rejoins; a does not
  d.now += 3'000;
  d.group.tick(d.now);
  ASSERT_EQ(d.group.members().count(a), 0u);
  ASSERT_FALSE(d.group.held().empty());
  d.settle();
  auto snapshot = d.written.back();
  EXPECT_EQ(snapshot.held.size(), d.group.held().size());
  EXPECT_EQ(snapshot.hold_ms, 10'000);
  int64_t takeover = d.now + 500;
  auto restored = group_state::restore(snapshot, takeover, test::quick_limits());
  ASSERT_EQ(restored.held().size(), snapshot.held.size());
  for (const auto& [tp, until] : restored.held())
    EXPECT_EQ(until, takeover + 10'000) << tp;
  for (const auto& [id, member] : restored.members())
    EXPECT_EQ(member.confirmed_ms, takeover) << id << " may hold its assignment from the takeover on";
  // A member that never reaches the new coordinator is not expired before
  // a whole session timeout from the takeover.
  EXPECT_TRUE(restored.expire(takeover + 9'999).empty());
  EXPECT_EQ(restored.expire(takeover + 10'000).size(), 2u);
}

} // namespace
} // namespace strom
