// One topic written through three doors and read through each: REST, the
// line door and librdkafka through the Kafka door put a record each in one
// partition, and every door reads all three with the same offsets, keys,
// values (and, where the door carries them, headers and timestamps).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "messages/error_category.hpp"
#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/kafka/rdkafka_client.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/line_client.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int64_t rest_time_ms = 1'700'000'000'000;
constexpr int64_t kafka_time_ms = 1'700'000'000'002;
constexpr auto door_wait = 30s;

class kafka_interop : public ::testing::Test {
protected:
  kafka_interop() : cluster_{1}, view_{nullptr} {
    for (auto d : {test_cluster::door::kafka, test_cluster::door::http, test_cluster::door::text})
      cluster_.open_door_ports(d);
    cluster_.start_all();
    view_ = std::make_unique<cluster_view>(cluster_);
  }

  void TearDown() override {
    if (HasFailure())
      std::cerr << cluster_.logs();
  }

  uint16_t port(test_cluster::door d) const { return cluster_.door_port_of(d, node_id{1}); }
  std::string bootstrap() const {
    return "127.0.0.1:" + std::to_string(port(test_cluster::door::kafka));
  }

  test_cluster cluster_;
  std::unique_ptr<cluster_view> view_;
};

TEST_F(kafka_interop, a_record_written_through_any_door_reads_the_same_through_every_door) {
  ASSERT_TRUE(view_->brokers_alive(30s)) << cluster_.logs();
  auto http = port(test_cluster::door::http);
  http_reply made;
  ASSERT_TRUE(eventually([&] {
    made = http_call(http, "POST", "/v1/topics",
                     json{{"name", "doors"}, {"partitions", 1}, {"replication_factor", 1}});
    return made.status == 201;
  }, door_wait)) << made.text;

  // Offset 0 through REST, 1 through the line door, 2 through Kafka's.
  auto rest = http_call(http, "POST", "/v1/topics/doors/records",
                        json{{"records", {{{"key", "rk"}, {"value", "from rest"},
                                           {"headers", {{{"key", "h"}, {"value", "r"}}}},
                                           {"partition", 0}, {"timestamp_ms", rest_time_ms}}}}});
  ASSERT_EQ(rest.status, 200) << rest.text;
  ASSERT_EQ(rest.body["offsets"][0]["offset"], 0) << rest.text;
  line_client line{port(test_cluster::door::text)};
  line.send("PUBS doors key=lk \"from line\"\n");
  EXPECT_EQ(line.read_line(door_wait), std::optional<std::string>{"OK PUBS doors 0 1"});
  rdkafka_producer producer{bootstrap(), {{"acks", "all"}}};
  std::vector<kafka_record> sent(1);
  sent[0].key = "kk";
  sent[0].value = "from kafka";
  sent[0].headers = {{"h", "k"}};
  sent[0].timestamp_ms = kafka_time_ms;
  sent[0].partition = 0;
  auto errors = producer.send("doors", sent, door_wait);
  ASSERT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(sent[0].offset, 2);

  // librdkafka reads all three.
  auto read = rdkafka_read(bootstrap(), "doors", 0, 0, 3, door_wait);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].key, std::optional<std::string>{"rk"});
  EXPECT_EQ(read[0].value, std::optional<std::string>{"from rest"});
  ASSERT_EQ(read[0].headers.size(), 1u);
  EXPECT_EQ(read[0].headers[0].second, std::optional<std::string>{"r"});
  EXPECT_EQ(read[0].timestamp_ms, rest_time_ms);
  EXPECT_EQ(read[1].key, std::optional<std::string>{"lk"});
  EXPECT_EQ(read[1].value, std::optional<std::string>{"from line"});
  EXPECT_EQ(read[2].value, std::optional<std::string>{"from kafka"});

  // REST reads all three.
  auto got = http_call(http, "GET", "/v1/topics/doors/partitions/0/records?offset=earliest");
  ASSERT_EQ(got.status, 200) << got.text;
  ASSERT_EQ(got.body["records"].size(), 3u) << got.text;
  const auto& from_kafka = got.body["records"][2];
  EXPECT_EQ(from_kafka["offset"], 2);
  EXPECT_EQ(from_kafka["key"], "kk");
  EXPECT_EQ(from_kafka["value"], "from kafka");
  EXPECT_EQ(from_kafka["timestamp_ms"], kafka_time_ms) << got.text;
  ASSERT_EQ(from_kafka["headers"].size(), 1u) << got.text;
  EXPECT_EQ(from_kafka["headers"][0]["value"], "k");

  // The line door reads all three.
  line_client reader{port(test_cluster::door::text)};
  reader.send("CONS doors 0 earliest\n");
  EXPECT_EQ(reader.read_line(door_wait), std::optional<std::string>{"OK CONS doors 0 earliest"});
  EXPECT_EQ(reader.read_line(door_wait),
            std::optional<std::string>{"MSG doors 0 0 key=\"rk\" \"from rest\""});
  EXPECT_EQ(reader.read_line(door_wait),
            std::optional<std::string>{"MSG doors 0 1 key=\"lk\" \"from line\""});
  EXPECT_EQ(reader.read_line(door_wait),
            std::optional<std::string>{"MSG doors 0 2 key=\"kk\" \"from kafka\""});
}

} // namespace
} // namespace strom::testing
