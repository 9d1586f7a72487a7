// A group of Kafka's classic protocol in group_state: opaque protocol
// metadata, the leader member's assignment relayed by the sync, the kinds of
// group kept apart, static members fenced by their instance id, and what a
// new coordinator restores.

#include "tests/unit/group/group_fixtures.hpp"

namespace strom {
namespace {

using test::code_of;
using test::pending_member;

join_request kafka_join(const std::string& client, const std::string& metadata,
                        std::vector<std::string> protocols = {"range", "roundrobin"}) {
  join_request request;
  request.client_id = client;
  request.session_timeout_ms = 10'000;
  request.rebalance_timeout_ms = 30'000;
  request.protocol_type = "consumer";
  request.protocols = std::move(protocols);
  for (const auto& p : request.protocols)
    request.protocol_metadata.push_back(p + ":" + metadata);
  return request;
}

struct kafka_group : ::testing::Test {
  test::group_driver d;

  member_id join(const std::string& client, const std::string& metadata) {
    return pending_member(test::join_new(d.group, kafka_join(client, metadata), d.now));
  }

  // A joins alone, B joins, A rejoins: both are in generation 2, A leads.
  std::pair<member_id, member_id> two_members() {
    auto a = join("a", "m");
    auto b = join("b", "m");
    auto rejoin = kafka_join("a", "m");
    rejoin.member = a;
    EXPECT_TRUE(d.group.join(rejoin, d.now));
    joined();
    return {a, b};
  }

  // The joins answered when the join phase ended, by member.
  std::map<member_id, join_response> joined() {
    std::map<member_id, join_response> out;
    for (auto& done : d.group.take_completed().joins) {
      EXPECT_TRUE(done.response) << done.response.error().describe();
      if (done.response)
        out[done.member] = *done.response;
    }
    return out;
  }
};

TEST_F(kafka_group, the_leader_learns_every_members_metadata_and_the_others_none) {
  auto a = join("a", "topics=t");
  joined(); // generation 1 of a alone
  auto b = join("b", "topics=t,u");
  ASSERT_EQ(d.group.phase(), group_phase::preparing_rebalance);
  // a must rejoin; with the same metadata it is still part of the rebalance.
  auto again = kafka_join("a", "topics=t");
  again.member = a;
  ASSERT_TRUE(d.group.join(again, d.now));
  auto answers = joined();
  ASSERT_EQ(answers.size(), 2u);
  const auto& leader = answers.at(a);
  EXPECT_EQ(leader.leader, a);
  EXPECT_EQ(leader.protocol, "range");
  EXPECT_EQ(leader.protocol_type, "consumer");
  EXPECT_EQ(leader.generation, generation_id{2});
  ASSERT_EQ(leader.members.size(), 2u);
  std::map<member_id, std::string> metadata;
  for (const auto& m : leader.members)
    metadata[m.id] = m.metadata;
  EXPECT_EQ(metadata.at(a), "range:topics=t");
  EXPECT_EQ(metadata.at(b), "range:topics=t,u");
  EXPECT_TRUE(answers.at(b).members.empty());
  EXPECT_EQ(answers.at(b).leader, a);
}

TEST_F(kafka_group, syncs_wait_for_the_leader_then_each_member_gets_its_own_bytes) {
  auto [a, b] = two_members();
  auto generation = d.group.generation();
  auto follower = d.group.sync(b, generation, d.now);
  ASSERT_TRUE(follower);
  EXPECT_TRUE(std::holds_alternative<pending_reply>(*follower));
  EXPECT_TRUE(d.group.take_writes().empty()) << "nothing is written before the leader assigns";
  // A sync naming assignments from a member that does not lead is ignored.
  ASSERT_TRUE(d.group.sync(b, generation, d.now, {{b, "stolen"}}));
  EXPECT_TRUE(d.group.take_writes().empty());
  auto leader = d.group.sync(a, generation, d.now, {{a, "A-bytes"}, {b, "B-bytes"}});
  ASSERT_TRUE(leader);
  EXPECT_EQ(d.group.phase(), group_phase::completing_rebalance) << "answered once written";
  auto synced = d.settle().syncs;
  ASSERT_EQ(synced.size(), 2u);
  std::map<member_id, std::string> got;
  for (const auto& s : synced) {
    ASSERT_TRUE(s.response);
    got[s.member] = s.response->opaque_assignment;
    EXPECT_EQ(s.response->protocol_type, "consumer");
  }
  EXPECT_EQ(got.at(a), "A-bytes");
  EXPECT_EQ(got.at(b), "B-bytes");
  EXPECT_EQ(d.group.phase(), group_phase::stable);
  ASSERT_EQ(d.written.size(), 1u);
  EXPECT_EQ(d.written[0].protocol_type, "consumer");
}

TEST_F(kafka_group, a_member_the_leader_did_not_name_gets_empty_bytes) {
  auto a = join("a", "m");
  joined();
  ASSERT_TRUE(d.group.sync(a, d.group.generation(), d.now, {}));
  auto synced = d.settle().syncs;
  ASSERT_EQ(synced.size(), 1u);
  EXPECT_EQ(synced[0].response->opaque_assignment, "");
}

TEST_F(kafka_group, a_stable_leader_that_rejoins_rebalances_the_group_and_a_follower_does_not) {
  auto [a, b] = two_members();
  ASSERT_TRUE(d.group.sync(a, d.group.generation(), d.now, {{a, "x"}, {b, "y"}}));
  d.settle();
  ASSERT_EQ(d.group.phase(), group_phase::stable);
  auto rejoin_b = kafka_join("b", "m");
  rejoin_b.member = b;
  auto follower = d.group.join(rejoin_b, d.now);
  ASSERT_TRUE(follower);
  EXPECT_TRUE(std::holds_alternative<join_response>(*follower));
  EXPECT_EQ(d.group.phase(), group_phase::stable);
  auto rejoin_a = kafka_join("a", "m");
  rejoin_a.member = a;
  auto leader = d.group.join(rejoin_a, d.now);
  ASSERT_TRUE(leader);
  EXPECT_TRUE(std::holds_alternative<pending_reply>(*leader));
  EXPECT_EQ(d.group.phase(), group_phase::preparing_rebalance);
}

TEST_F(kafka_group, kafka_and_strom_members_never_share_a_group) {
  auto a = join("a", "m");
  ASSERT_FALSE(a.value().empty());
  auto strom_member = test::join_new(d.group, test::join_as("s", {"t"}), d.now);
  EXPECT_EQ(code_of(strom_member), errc::inconsistent_group_protocol);
  auto other_type = kafka_join("c", "m");
  other_type.protocol_type = "connect";
  EXPECT_EQ(code_of(test::join_new(d.group, other_type, d.now)),
            errc::inconsistent_group_protocol);
  auto no_common = kafka_join("c", "m", {"sticky-only"});
  EXPECT_EQ(code_of(test::join_new(d.group, no_common, d.now)),
            errc::inconsistent_group_protocol);
  auto unpaired = kafka_join("c", "m");
  unpaired.protocol_metadata.pop_back();
  EXPECT_EQ(code_of(d.group.join(unpaired, d.now)), errc::inconsistent_group_protocol);
}

TEST_F(kafka_group, an_empty_group_takes_the_kind_of_whoever_joins_next) {
  auto a = join("a", "m");
  joined();
  ASSERT_TRUE(d.group.leave(a, d.now));
  d.group.tick(d.now);
  ASSERT_EQ(d.group.phase(), group_phase::empty);
  auto s = test::join_new(d.group, test::join_as("s", {"t"}), d.now);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_FALSE(d.group.classic());
}

TEST_F(kafka_group, a_stale_static_member_is_fenced_by_its_instance_id) {
  auto first = kafka_join("a", "m");
  first.group_instance_id = "instance-1";
  auto old_id = pending_member(d.group.join(first, d.now));
  joined();
  ASSERT_TRUE(d.group.sync(old_id, d.group.generation(), d.now, {{old_id, "bytes"}}));
  d.settle();
  // It restarts: same instance id, no member id; it takes the old place.
  auto back = d.group.join(first, d.now);
  ASSERT_TRUE(back);
  auto new_id = std::get<join_response>(*back).member;
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(code_of(d.group.check_instance(old_id, std::string{"instance-1"})),
            errc::fenced_instance_id);
  EXPECT_TRUE(d.group.check_instance(new_id, std::string{"instance-1"}));
  EXPECT_EQ(d.group.member_of_instance("instance-1"), new_id);
  // Its assignment is the old one's, at once.
  auto sync = d.group.sync(new_id, d.group.generation(), d.now);
  ASSERT_TRUE(sync);
  EXPECT_EQ(std::get<sync_response>(*sync).opaque_assignment, "bytes");
}

TEST_F(kafka_group, a_new_coordinator_restores_the_kind_the_metadata_and_the_assignments) {
  auto a = join("a", "m");
  joined();
  ASSERT_TRUE(d.group.sync(a, d.group.generation(), d.now, {{a, "A"}}));
  d.settle();
  ASSERT_EQ(d.written.size(), 1u);
  auto restored = group_state::restore(d.written.back(), d.now, test::quick_limits());
  EXPECT_TRUE(restored.classic());
  EXPECT_EQ(restored.phase(), group_phase::stable);
  auto sync = restored.sync(a, restored.generation(), d.now);
  ASSERT_TRUE(sync);
  EXPECT_EQ(std::get<sync_response>(*sync).opaque_assignment, "A");
  EXPECT_EQ(restored.members().at(a).protocol_metadata,
            (std::vector<std::string>{"range:m", "roundrobin:m"}));
}

} // namespace
} // namespace strom
