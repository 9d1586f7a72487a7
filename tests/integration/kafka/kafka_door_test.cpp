// The Kafka door against three real nodes: Kafka's own clients (librdkafka's
// C API, kcat) see the cluster's brokers at their kafka_port and its topics
// with leaders and replicas; ApiVersions advertises what is answered, and a
// version it does not take is answered in the v0 layout (KIP-511); requests
// pipelined on one connection are answered in order; a frame the door cannot
// serve closes that connection alone.

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <set>

#include <librdkafka/rdkafka.h>

#include "messages/error_category.hpp"
#include "messages/record_batch.hpp"
#include "net/kafka/kafka_batch.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"
#include "tests/integration/kafka/kafka_frames.hpp"
#include "tests/integration/support/door_suite.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int16_t metadata_key = 3;
constexpr int16_t api_versions_key = 18;
constexpr int16_t unsupported_version_code = 35;
constexpr auto answer_wait = 10s;

class kafka_door : public door_suite<test_cluster::door::kafka> {
protected:
  static void SetUpTestSuite() {
    door_suite::SetUpTestSuite();
    auto failed = view_->create_topic(topic_spec{"events", 3, 3}, 30s);
    ASSERT_FALSE(failed) << describe(failed);
  }

  static std::string bootstrap(int node) { return "127.0.0.1:" + std::to_string(door_port(node)); }
};

struct rdkafka_deleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
  void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
using rdkafka_handle = std::unique_ptr<rd_kafka_t, rdkafka_deleter>;
using rdkafka_metadata = std::unique_ptr<const rd_kafka_metadata_t, rdkafka_deleter>;

rdkafka_handle rdkafka_client(const std::string& bootstrap) {
  char err[512];
  auto* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err)
      != RD_KAFKA_CONF_OK) {
    ADD_FAILURE() << err;
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  auto* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  EXPECT_NE(rk, nullptr) << err;
  return rdkafka_handle{rk};
}

// Every partition of `md`'s first topic led, with all three replicas.
bool all_led(const rd_kafka_metadata_t& md) {
  if (md.topic_cnt != 1 || md.topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return false;
  const auto& t = md.topics[0];
  for (int i = 0; i < t.partition_cnt; ++i)
    if (t.partitions[i].leader < 1 || t.partitions[i].replica_cnt != 3)
      return false;
  return t.partition_cnt == 3;
}

TEST_F(kafka_door, librdkafka_sees_every_broker_at_its_kafka_port_and_the_topics_leaders) {
  auto rk = rdkafka_client(bootstrap(2));
  ASSERT_TRUE(rk);
  rd_kafka_topic_t* topic = rd_kafka_topic_new(rk.get(), "events", nullptr);
  rdkafka_metadata md;
  ASSERT_TRUE(eventually([&] {
    const rd_kafka_metadata_t* raw = nullptr;
    if (rd_kafka_metadata(rk.get(), 0, topic, &raw, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
      return false;
    md.reset(raw);
    return all_led(*md);
  }, 30s)) << "no metadata with every partition of events led";
  rd_kafka_topic_destroy(topic);
  ASSERT_EQ(md->broker_cnt, 3);
  std::set<std::pair<int32_t, int>> brokers;
  for (int i = 0; i < md->broker_cnt; ++i) {
    EXPECT_STREQ(md->brokers[i].host, "127.0.0.1");
    brokers.emplace(md->brokers[i].id, md->brokers[i].port);
  }
  for (int node = 1; node <= 3; ++node)
    EXPECT_EQ(brokers.count({node, door_port(node)}), 1u) << "node " << node;
}

TEST_F(kafka_door, librdkafka_is_told_a_topic_is_unknown) {
  auto rk = rdkafka_client(bootstrap(1));
  ASSERT_TRUE(rk);
  rd_kafka_topic_t* topic = rd_kafka_topic_new(rk.get(), "no-such-topic", nullptr);
  const rd_kafka_metadata_t* raw = nullptr;
  ASSERT_EQ(rd_kafka_metadata(rk.get(), 0, topic, &raw, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  rdkafka_metadata md{raw};
  rd_kafka_topic_destroy(topic);
  ASSERT_EQ(md->topic_cnt, 1);
  EXPECT_EQ(md->topics[0].err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
}

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe{::popen(command.c_str(), "r"), ::pclose};
  if (!pipe)
    return out;
  char chunk[4096];
  while (auto n = std::fread(chunk, 1, sizeof chunk, pipe.get()))
    out.append(chunk, n);
  return out;
}

TEST_F(kafka_door, kcat_lists_the_cluster) {
  auto listing = run("kcat -b " + bootstrap(3) + " -L -t events -m 10 2>&1");
  EXPECT_NE(listing.find(" 3 brokers:"), std::string::npos) << listing;
  for (int node = 1; node <= 3; ++node)
    EXPECT_NE(listing.find("broker " + std::to_string(node) + " at " + bootstrap(node)),
              std::string::npos)
      << listing;
  EXPECT_NE(listing.find("topic \"events\" with 3 partitions"), std::string::npos) << listing;
}

TEST_F(kafka_door, api_versions_advertises_exactly_what_is_answered) {
  line_client c{door_port(1)};
  c.send(kafka_request(api_versions_key, 0, 7));
  auto response = read_response(c, answer_wait);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->correlation_id, 7);
  auto body = read_api_versions_v0(response->body);
  ASSERT_TRUE(body) << "not a v0 ApiVersions body";
  EXPECT_EQ(body->error_code, 0);
  std::map<int16_t, std::pair<int16_t, int16_t>> ranges;
  for (const auto& r : body->ranges)
    ranges[r.key] = {r.min_version, r.max_version};
  using range = std::pair<int16_t, int16_t>;
  const std::map<int16_t, range> answered{
    {0, {0, 9}},  // Produce
    {1, {2, 12}}, // Fetch
    {2, {1, 6}},  // ListOffsets
    {metadata_key, {0, 9}},
    {8, {0, 8}},  // OffsetCommit
    {9, {0, 7}},  // OffsetFetch
    {10, {0, 4}}, // FindCoordinator
    {11, {0, 7}}, // JoinGroup
    {12, {0, 4}}, // Heartbeat
    {13, {0, 4}}, // LeaveGroup
    {14, {0, 5}}, // SyncGroup
    {api_versions_key, {0, 3}},
    {19, {0, 6}}, // CreateTopics
    {20, {0, 5}}, // DeleteTopics
    {37, {0, 3}}, // CreatePartitions
    {22, {0, 3}}, // InitProducerId
    {32, {0, 4}}, // DescribeConfigs
    {33, {0, 2}}, // AlterConfigs
    {44, {0, 1}}, // IncrementalAlterConfigs
    {15, {0, 5}}, // DescribeGroups
    {16, {0, 4}}, // ListGroups
    {42, {0, 2}}, // DeleteGroups
    {17, {0, 1}}, // SaslHandshake
    {36, {0, 2}}, // SaslAuthenticate
  };
  EXPECT_EQ(ranges, answered);
}

// IncrementalAlterConfigs v0 as kafka-configs.sh sends it (librdkafka 2.0
// has only AlterConfigs): one set on a topic, one append of a policy that
// does not exist, and a broker, whose settings are its manifest's.
TEST_F(kafka_door, incremental_alter_configs_answers_each_resource) {
  kafka::wire_writer w{false};
  w.array_length(3);
  auto resource = [&](int8_t type, const std::string& name, const std::string& key, int8_t op,
                      const std::string& value) {
    w.int8(type);
    w.string(name);
    w.array_length(1);
    w.string(key);
    w.int8(op);
    w.nullable_string(value);
  };
  resource(2, "events", "retention.ms", 0, "45000");
  resource(2, "events", "cleanup.policy", 2, "shred");
  resource(4, "1", "log.retention.ms", 0, "1");
  w.boolean(false);
  line_client c{door_port(2)};
  c.send(kafka_request(44, 0, 5, w.take()));
  auto response = read_response(c, answer_wait);
  ASSERT_TRUE(response);
  kafka::wire_reader r{response->body, false};
  EXPECT_EQ(r.int32(), 0);
  ASSERT_EQ(r.array_length(), 3);
  std::vector<int16_t> codes;
  for (int i = 0; i < 3; ++i) {
    codes.push_back(r.int16());
    r.nullable_string();
    r.int8();
    r.string();
  }
  EXPECT_FALSE(r.failed()) << r.failure();
  EXPECT_EQ(codes, (std::vector<int16_t>{0, 40, 42})) << "none, INVALID_CONFIG, INVALID_REQUEST";
  EXPECT_TRUE(eventually([&] {
    auto md = view_->ask<cluster_metadata>(node_id{3}, 5s, metadata_atom::value,
                                           std::vector<std::string>{"events"});
    return md && !md->topics.empty() && md->topics[0].config.retention_ms == 45000;
  }, 10s));
}

TEST_F(kafka_door, a_newer_api_versions_is_answered_in_the_v0_layout_with_the_ranges) {
  line_client c{door_port(1)};
  // A flexible version: the header's tagged fields (none), then a body the
  // door cannot know.
  c.send(kafka_request(api_versions_key, 42, 9, std::string(1, '\0') + "a future body"));
  auto response = read_response(c, answer_wait);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->correlation_id, 9);
  auto body = read_api_versions_v0(response->body);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->error_code, unsupported_version_code);
  EXPECT_EQ(body->ranges.size(), 24u);
  c.send(kafka_request(api_versions_key, 0, 10)); // the client then asks again
  auto again = read_response(c, answer_wait);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->correlation_id, 10);
}

TEST_F(kafka_door, pipelined_requests_are_answered_in_the_order_they_came) {
  line_client c{door_port(2)};
  // Metadata waits for the node's broker, ApiVersions does not: the order
  // of the answers is the door's doing.
  std::string v1_all_topics = kafka_size(-1);
  c.send(kafka_request(metadata_key, 1, 1, v1_all_topics) + kafka_request(api_versions_key, 0, 2)
         + kafka_request(metadata_key, 1, 3, v1_all_topics) + kafka_request(api_versions_key, 1, 4));
  for (int32_t id = 1; id <= 4; ++id) {
    auto response = read_response(c, answer_wait);
    ASSERT_TRUE(response) << "no answer to request " << id;
    EXPECT_EQ(response->correlation_id, id);
  }
}

// A Produce v3 body of one partition of events holding `records`.
std::string produce_body(const std::string& records, int16_t acks = -1,
                         const std::string& topic = "events") {
  kafka::wire_writer w{false};
  w.nullable_string(std::nullopt);
  w.int16(acks);
  w.int32(5000);
  w.array_length(1);
  w.string(topic);
  w.array_length(1);
  w.int32(0);
  w.bytes(records);
  return w.take();
}

// The error code of the one partition of a Produce v3 answer.
int16_t produce_error(const std::string& body) {
  kafka::wire_reader r{body, false};
  r.array_length();
  r.string();
  r.array_length();
  r.int32();
  return r.int16();
}

TEST_F(kafka_door, a_batch_that_is_not_sound_is_refused_with_kafkas_code) {
  auto batch = kafka::strom_batch_to_kafka(*encode_record_batch({record{{}, "v", {}, 1}}));
  ASSERT_TRUE(batch);
  auto torn = *batch;
  torn.back() ^= 0x1; // the CRC no longer matches
  auto old_format = *batch;
  old_format[kafka::batch_magic_at] = 1;
  line_client c{door_port(1)};
  c.send(kafka_request(0, 3, 1, produce_body(torn)) + kafka_request(0, 3, 2, produce_body(old_format))
         + kafka_request(0, 3, 3, produce_body(*batch)));
  auto corrupt = read_response(c, answer_wait);
  auto unsupported = read_response(c, answer_wait);
  auto stored = read_response(c, answer_wait);
  ASSERT_TRUE(corrupt && unsupported && stored);
  EXPECT_EQ(produce_error(corrupt->body), 2);      // CORRUPT_MESSAGE
  EXPECT_EQ(produce_error(unsupported->body), 43); // UNSUPPORTED_FOR_MESSAGE_FORMAT
  // The same batch whole is taken, or sent to the leader of events/0 if
  // that is another node: what was refused was the damage, not the layout.
  auto code = produce_error(stored->body);
  EXPECT_TRUE(code == 0 || code == 6) << code;
}

// acks=0 is never answered, so a Produce that fails closes its connection,
// as Kafka does: the client learns of it from that, and looks again.
TEST_F(kafka_door, an_acks_0_produce_that_fails_closes_its_connection) {
  auto batch = kafka::strom_batch_to_kafka(*encode_record_batch({record{{}, "v", {}, 1}}));
  ASSERT_TRUE(batch);
  line_client lost{door_port(2)};
  lost.send(kafka_request(0, 3, 1, produce_body(*batch, 0, "nowhere"))
            + kafka_request(api_versions_key, 0, 2));
  EXPECT_FALSE(read_response(lost, answer_wait)) << "a failed acks=0 Produce left it open";
  EXPECT_TRUE(lost.ended_by_peer());
  // A good one (to the partition's leader) leaves it open: the next
  // request is answered.
  auto md = view_->ask<cluster_metadata>(node_id{1}, 5s, metadata_atom::value,
                                         std::vector<std::string>{"events"});
  ASSERT_TRUE(md && md->topics.size() == 1);
  auto leader = md->topics[0].partitions.at(0).leader;
  ASSERT_GT(leader.value(), 0);
  line_client kept{door_port(leader.value())};
  kept.send(kafka_request(0, 3, 1, produce_body(*batch, 0, "events"))
            + kafka_request(api_versions_key, 0, 2));
  auto answer = read_response(kept, answer_wait);
  ASSERT_TRUE(answer) << "a good acks=0 Produce closed the connection";
  EXPECT_EQ(answer->correlation_id, 2);
}

// Each kind of bad frame closes its own connection; a connection opened
// before them all still answers afterwards.
TEST_F(kafka_door, a_frame_the_door_cannot_serve_closes_that_connection_alone) {
  line_client bystander{door_port(3)};
  const std::pair<const char*, std::string> bad[] = {
    {"a negative size", kafka_size(-5) + "abcde"},
    {"a frame above 100 MiB", kafka_size(200 * 1024 * 1024) + "x"},
    {"a header cut short", kafka_size(3) + "abc"},
    {"an unknown API key", kafka_request(999, 0, 1)},
    {"a Metadata version the door does not take", kafka_request(metadata_key, 50, 1)},
    {"a Metadata body cut short", kafka_request(metadata_key, 1, 1, std::string(2, '\0'))},
    {"a Metadata array longer than the frame", kafka_request(metadata_key, 1, 1,
                                                             kafka_size(1000000))},
  };
  for (const auto& [what, bytes] : bad) {
    line_client c{door_port(3)};
    c.send(bytes);
    EXPECT_FALSE(read_response(c, answer_wait)) << what << " was answered";
    EXPECT_TRUE(c.ended_by_peer()) << what << " left the connection open";
  }
  bystander.send(kafka_request(api_versions_key, 0, 5));
  auto response = read_response(bystander, answer_wait);
  ASSERT_TRUE(response) << "the bystander connection was dropped";
  EXPECT_EQ(response->correlation_id, 5);
}

} // namespace
} // namespace strom::testing
