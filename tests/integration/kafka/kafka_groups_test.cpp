// Kafka's classic group protocol through the door, with librdkafka's
// high-level consumer: three consumers share twelve partitions (eager and
// cooperative-sticky) and one leaving hands its share to the others;
// committed offsets resume a group; a static member comes back to its old
// assignment without a rebalance; and a group is Kafka's or strom's, never
// both (INCONSISTENT_GROUP_PROTOCOL, as raw frames show).

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <memory>

#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"
#include "tests/integration/kafka/kafka_frames.hpp"
#include "tests/integration/kafka/rdkafka_client.hpp"
#include "tests/integration/kafka/rdkafka_group_support.hpp"
#include "tests/integration/support/door_suite.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto group_wait = group_wait_ms;
constexpr auto delivery_wait = 30s;

class kafka_groups : public door_suite<test_cluster::door::kafka> {
protected:
  static std::string bootstrap() { return "127.0.0.1:" + std::to_string(door_port(2)); }

  static void create(const std::string& topic, int32_t partitions) {
    auto failed = view_->create_topic(topic_spec{topic, partitions, 3}, 30s);
    ASSERT_FALSE(failed) << describe(failed);
  }

  // `count` records, record i to partition i % partitions; value "v<first + i>".
  static void produce(const std::string& topic, int32_t partitions, int first, int count) {
    auto records = spread_records(first, count, partitions);
    rdkafka_producer p{bootstrap(), {{"acks", "all"}}};
    ASSERT_TRUE(p) << p.error();
    auto errors = p.send(topic, records, delivery_wait);
    ASSERT_TRUE(errors.empty()) << errors.front();
  }

  static std::unique_ptr<rdkafka_group_consumer> join(const std::string& group,
                                                      const std::string& topic,
                                                      const kafka_settings& settings) {
    auto c = std::make_unique<rdkafka_group_consumer>(bootstrap(), group,
                                                      std::vector<std::string>{topic}, settings);
    EXPECT_TRUE(*c) << c->error();
    return c;
  }
};

class kafka_group_sharing : public kafka_groups,
                            public ::testing::WithParamInterface<const char*> {};

TEST_P(kafka_group_sharing, three_consumers_share_twelve_partitions_and_a_leaver_hands_on) {
  std::string strategy = GetParam();
  std::string topic = "shared-" + strategy;
  create(topic, 12);
  produce(topic, 12, 0, 240);
  kafka_settings settings{{"partition.assignment.strategy", strategy},
                          {"session.timeout.ms", "10000"},
                          {"heartbeat.interval.ms", "500"}};
  consumers members;
  for (int i = 0; i < 3; ++i)
    members.push_back(join("sharers-" + strategy, topic, settings));
  ASSERT_TRUE(serve_until(members, [&] { return shared_exactly(members, 12); }))
    << shares_of(members);
  ASSERT_TRUE(serve_until(members, [&] { return read_all(members, 0, 240); }))
    << values_read(members).size() << " of 240 read\n" << shares_of(members);

  // One leaves (LeaveGroup): the other two take its partitions over.
  members.front()->close();
  members.erase(members.begin());
  ASSERT_TRUE(serve_until(members, [&] { return shared_exactly(members, 12); }))
    << shares_of(members);
  produce(topic, 12, 240, 120);
  ASSERT_TRUE(serve_until(members, [&] { return read_all(members, 240, 120); }))
    << shares_of(members);
}

INSTANTIATE_TEST_SUITE_P(strategies, kafka_group_sharing,
                         ::testing::Values("range", "cooperative-sticky"));

TEST_F(kafka_groups, a_group_resumes_from_its_committed_offsets) {
  create("resumed", 2);
  produce("resumed", 2, 0, 100);
  kafka_settings settings{{"enable.auto.commit", "false"}};
  consumers first;
  first.push_back(join("resumers", "resumed", settings));
  ASSERT_TRUE(serve_until(first, [&] { return read_all(first, 0, 100); })) << shares_of(first);
  ASSERT_EQ(first.front()->commit(), RD_KAFKA_RESP_ERR_NO_ERROR);
  first.front()->close();
  produce("resumed", 2, 100, 40);

  consumers second;
  second.push_back(join("resumers", "resumed", settings));
  ASSERT_TRUE(serve_until(second, [&] { return read_all(second, 100, 40); })) << shares_of(second);
  for (const auto& r : second.front()->read())
    EXPECT_GE(r.offset, 50) << "partition " << r.partition << " read again from " << r.offset;
}

TEST_F(kafka_groups, a_static_member_comes_back_to_its_assignment_without_a_rebalance) {
  create("statics", 4);
  auto settings = [](const std::string& instance) {
    return kafka_settings{{"group.instance.id", instance},
                          {"session.timeout.ms", "30000"},
                          {"partition.assignment.strategy", "range"}};
  };
  consumers members;
  members.push_back(join("statics", "statics", settings("static-a")));
  members.push_back(join("statics", "statics", settings("static-b")));
  ASSERT_TRUE(serve_until(members, [&] { return shared_exactly(members, 4); }))
    << shares_of(members);
  auto a_before = members[0]->assignment();
  auto b_before = members[1]->assignment();
  auto b_rebalances = members[1]->rebalances();

  // A stops without leaving (static members do not) and starts again.
  members[0] = join("statics", "statics", settings("static-a"));
  ASSERT_TRUE(serve_until(members, [&] { return members[0]->assignment() == a_before; }))
    << shares_of(members);
  // B went on as it was. A rebalance could not have ended without B giving
  // its partitions up (its callback, served by the same polls) and joining
  // again, so by now it would show.
  EXPECT_EQ(members[1]->rebalances(), b_rebalances) << shares_of(members);
  EXPECT_EQ(members[1]->assignment(), b_before);
}

// --- raw frames -------------------------------------------------------------

constexpr int16_t join_group_key = 11;
constexpr auto answer_wait = 10s;

// A Kafka client nobody here wrote, with its own implementation of the
// protocol: kafka-python (tests/integration/kafka/kafka_python_client.py).
TEST_F(kafka_groups, kafka_python_produces_consumes_in_a_group_and_commits) {
  std::string command = std::string{"/usr/bin/python3 "} + STROM_KAFKA_PYTHON_CLIENT + " "
                        + bootstrap() + " from-python python-readers 2>&1";
  std::string out;
  auto* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[4096];
  while (auto n = fread(buffer, 1, sizeof buffer, pipe))
    out.append(buffer, n);
  auto status = pclose(pipe);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("described"), std::string::npos) << out;
  EXPECT_NE(out.find("configs altered 3600000"), std::string::npos) << out;
  EXPECT_NE(out.find("keyless refused"), std::string::npos) << out;
  EXPECT_NE(out.find("compacted to 10"), std::string::npos) << out;
}

struct raw_join_answer {
  int16_t error = -1;
  int32_t generation = -1;
  std::string leader;
  std::string member;
};

// A JoinGroup of a new dynamic member (v0-v4) or a static one (v5), protocol
// type "consumer"; what its answer says.
std::optional<raw_join_answer> raw_join(uint16_t door, const std::string& group,
                                        int16_t version, const std::string& member = "") {
  line_client c{door};
  kafka::wire_writer w{false};
  w.string(group);
  w.int32(10'000); // session timeout
  if (version >= 1)
    w.int32(30'000); // rebalance timeout
  w.string(member);
  if (version >= 5)
    w.nullable_string(std::string{"raw-instance"});
  w.string("consumer");
  w.array_length(1);
  w.string("range");
  w.bytes(std::string("\0\0\0\0\0\0", 6)); // version 0, no topics, null user data
  c.send(kafka_request(join_group_key, version, 2, w.take()));
  auto response = read_response(c, group_wait);
  if (!response)
    return std::nullopt;
  kafka::wire_reader r{response->body, false};
  if (version >= 2)
    r.int32(); // throttle
  raw_join_answer out;
  out.error = r.int16();
  out.generation = r.int32();
  r.string(); // protocol
  out.leader = r.string();
  out.member = r.string();
  if (r.failed())
    return std::nullopt;
  return out;
}

// KIP-394: from v4 a new member is given its id first (MEMBER_ID_REQUIRED)
// and joins again with it; an older client is joined at once, the door
// joining again for it.
TEST_F(kafka_groups, a_new_member_gets_its_id_first_from_v4_and_at_once_before) {
  auto door = find_coordinator(door_port(1), "raw-joiners", answer_wait);
  ASSERT_TRUE(door);
  auto told = raw_join(door->port, "raw-joiners", 4);
  ASSERT_TRUE(told);
  EXPECT_EQ(told->error, 79) << "MEMBER_ID_REQUIRED";
  ASSERT_FALSE(told->member.empty());
  auto joined = raw_join(door->port, "raw-joiners", 4, told->member);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->error, 0);
  EXPECT_EQ(joined->member, told->member);
  EXPECT_EQ(joined->leader, told->member);
  EXPECT_EQ(joined->generation, 1);

  auto old_door = find_coordinator(door_port(1), "raw-joiners-v3", answer_wait);
  ASSERT_TRUE(old_door);
  auto at_once = raw_join(old_door->port, "raw-joiners-v3", 3);
  ASSERT_TRUE(at_once);
  EXPECT_EQ(at_once->error, 0);
  EXPECT_FALSE(at_once->member.empty());
  EXPECT_EQ(at_once->generation, 1);
}

TEST_F(kafka_groups, a_kafka_member_cannot_join_a_strom_group) {
  create("mixed", 1);
  consumer_config config;
  config.group_id = "mixed-group";
  consumer own{view_->system(), view_->endpoints(), config};
  own.subscribe({"mixed"});
  ASSERT_TRUE(eventually([&] {
    own.poll(100ms);
    return !own.assignment().empty();
  }, group_wait));
  auto door = find_coordinator(door_port(1), "mixed-group", answer_wait);
  ASSERT_TRUE(door);
  auto answer = raw_join(door->port, "mixed-group", 5);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->error, 23) << "INCONSISTENT_GROUP_PROTOCOL";
}

} // namespace
} // namespace strom::testing
