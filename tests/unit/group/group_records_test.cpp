// The records of __consumer_offsets: every kind round-trips, garbage is a
// typed error, and replaying a coordinator's writes after a simulated
// failover rebuilds the same groups and offsets.

#include "actors/group/group_replay.hpp"
#include "actors/partitioning/murmur2.hpp"
#include "messages/group.pb.h"
#include "tests/unit/group/group_fixtures.hpp"

namespace strom {
namespace {

using test::code_of;

const topic_partition t0{"t", partition_id{0}};

group_snapshot sample_group() {
  group_snapshot s;
  s.group = "orders/eu"; // a '/' in a group name needs no escaping
  s.generation = generation_id{7};
  s.protocol = "cooperative_sticky";
  s.leader = member_id{"a-1-0"};
  s.members.push_back({member_id{"a-1-0"}, std::string{"host-a"}, "a", 10'000, 60'000,
                       {"cooperative_sticky", "range"}, {"t", "u"},
                       {t0, {"u", partition_id{3}}, {"t", partition_id{2}}},
                       {t0, {"t", partition_id{1}}}, {}, {}});
  // As a Kafka group's member: opaque metadata per protocol, opaque bytes
  // assigned (with a zero byte: they are bytes, not text).
  s.members.push_back({member_id{"b-1-1"}, std::nullopt, "b", 12'000, 30'000,
                       {"cooperative_sticky"}, {"t"}, {}, {}, {std::string("m\0b", 3)},
                       std::string("\x01\0\x02", 3)});
  s.protocol_type = "consumer";
  s.partitions = {{"t", 3}, {"u", 4}};
  s.partitions_applied = raft_index{1234};
  s.follow_up_rebalance = true;
  s.next_member_number = 2;
  s.held = {{"orders", partition_id{3}}, {"payments", partition_id{0}}};
  s.hold_ms = 45'000;
  return s;
}

template <class T>
T decoded_as(const group_record& record) {
  auto content = decode_group_record(record);
  EXPECT_TRUE(content) << content.error().describe();
  EXPECT_TRUE(content && std::holds_alternative<T>(*content));
  return content && std::holds_alternative<T>(*content) ? std::get<T>(*content) : T{};
}

TEST(group_records, every_record_round_trips) {
  EXPECT_EQ(decoded_as<group_snapshot>(encode_group(sample_group())), sample_group());
  EXPECT_EQ(decoded_as<group_deleted>(encode_group_tombstone("g")).group, "g");
  offset_commit commit{{"g", t0}, {record_offset{99}, "meta", 1234}};
  auto back = decoded_as<offset_commit>(encode_offset(commit));
  EXPECT_EQ(back.key, commit.key);
  EXPECT_EQ(back.value, commit.value);
  EXPECT_EQ(decoded_as<offset_deleted>(encode_offset_tombstone(commit.key)).key, commit.key);
}

TEST(group_records, keys_name_what_they_hold_and_equal_keys_are_equal_bytes) {
  EXPECT_EQ(encode_group(sample_group()).key, encode_group_tombstone("orders/eu").key);
  offset_key key{"g", t0};
  EXPECT_EQ(encode_offset({key, {record_offset{1}, "", 0}}).key, encode_offset_tombstone(key).key);
  EXPECT_NE(encode_group_tombstone("g").key, encode_offset_tombstone(key).key);
  EXPECT_FALSE(encode_group_tombstone("g").value);
}

TEST(group_records, garbage_is_bad_request) {
  EXPECT_EQ(code_of(decode_group_record({"\xff\xff\xff", std::string{"x"}})), errc::bad_request);
  EXPECT_EQ(code_of(decode_group_record({"", std::string{}})), errc::bad_request)
    << "a key that names nothing";
  auto group = encode_group(sample_group());
  group.value = "\x0a\xff";
  EXPECT_EQ(code_of(decode_group_record(group)), errc::bad_request);
}

TEST(group_records, a_group_has_one_coordinator_partition_as_kafka_keys_it) {
  for (const std::string group : {"", "orders", "orders/eu", "a-much-longer-group-name"}) {
    auto p = coordinator_partition(group, 50);
    EXPECT_GE(p.value(), 0);
    EXPECT_LT(p.value(), 50);
    EXPECT_EQ(p, kafka_key_partition(group, 50));
  }
}

// A coordinator serves two groups and offsets, deletes a third group, and
// fails over; the new one replays what the old one wrote.
TEST(group_replay, a_new_coordinator_rebuilds_the_same_groups_and_offsets) {
  std::vector<group_record> log;
  auto write_group = [&](test::group_driver& d) {
    d.settle();
    for (const auto& snapshot : d.written)
      log.push_back(encode_group(snapshot));
    d.written.clear();
  };
  test::group_driver orders("sticky");
  auto ids = orders.stable_group({"a", "b", "c"}, 6);
  ASSERT_TRUE(orders.group.leave(ids[1], orders.now));
  orders.rejoin_all();
  orders.sync_all();
  write_group(orders);
  test::group_driver gone("range");
  auto lone = gone.stable_group({"z"}, 1)[0];
  ASSERT_TRUE(gone.group.leave(lone, gone.now));
  ASSERT_TRUE(gone.group.delete_group());
  write_group(gone);
  log.push_back(encode_group_tombstone(gone.group.name()));

  offset_table offsets;
  auto commit = [&](const std::string& group, int32_t partition, int64_t offset) {
    offset_commit c{{group, {"t", partition_id{partition}}}, {record_offset{offset}, "", 5}};
    offsets.apply(c);
    log.push_back(encode_offset(c));
  };
  commit(orders.group.name(), 0, 10);
  commit(orders.group.name(), 0, 20); // the later commit wins
  commit(orders.group.name(), 1, 30);
  commit("dropped", 0, 1);
  offsets.erase({"dropped", t0});
  log.push_back(encode_offset_tombstone({"dropped", t0}));

  auto replayed = replay(log, 50'000);
  ASSERT_TRUE(replayed) << replayed.error().describe();
  ASSERT_EQ(replayed->groups.size(), 1u) << "the deleted group stays deleted";
  const auto& restored = replayed->groups.at(orders.group.name());
  // A restored member may consume what it claimed and what it was given.
  auto expected = orders.group.snapshot();
  for (auto& m : expected.members)
    m.owned.insert(m.assignment.begin(), m.assignment.end());
  EXPECT_EQ(restored.snapshot(), expected);
  EXPECT_EQ(restored.phase(), group_phase::stable);
  EXPECT_EQ(replayed->offsets.fetch_group(orders.group.name()),
            offsets.fetch_group(orders.group.name()));
  EXPECT_FALSE(replayed->offsets.fetch("dropped", t0));
  // Members carry on with the new coordinator in their generation.
  auto group = replayed->groups.at(orders.group.name());
  for (const auto& [id, member] : orders.group.members()) {
    EXPECT_TRUE(group.heartbeat(id, orders.group.generation(), 50'000));
    auto sync = group.sync(id, orders.group.generation(), 50'000);
    ASSERT_TRUE(sync);
    EXPECT_EQ(std::get<sync_response>(*sync).assignment, member.assignment);
  }
  EXPECT_EQ(code_of(group.heartbeat(ids[1], orders.group.generation(), 50'000)),
            errc::unknown_member)
    << "the member that left is still gone";
}

// Who has given up partitions held back for a follow-up is not known after
// a failover: the group rebalances at once.
TEST(group_replay, a_pending_cooperative_follow_up_rebalances_at_once) {
  auto snapshot = sample_group();
  auto replayed = replay({encode_group(snapshot)}, 1'000);
  ASSERT_TRUE(replayed);
  const auto& group = replayed->groups.at(snapshot.group);
  EXPECT_EQ(group.phase(), group_phase::preparing_rebalance);
  snapshot.follow_up_rebalance = false;
  replayed = replay({encode_group(snapshot)}, 1'000);
  EXPECT_EQ(replayed->groups.at(snapshot.group).phase(), group_phase::stable);
}

TEST(group_replay, a_bad_record_stops_the_replay_and_is_named) {
  auto replayed = replay({encode_group_tombstone("g"), group_record{"junk", std::string{}}}, 0);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().code, errc::bad_request);
  EXPECT_NE(replayed.error().message.find("record 1"), std::string::npos);
}

} // namespace
} // namespace strom
