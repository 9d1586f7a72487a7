// CreateTopics, DeleteTopics and CreatePartitions: requests read back, what
// strom refuses before asking the controller, and the answers' layouts.

#include <gtest/gtest.h>

#include "net/kafka/topic_admin_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

std::string create_body(int32_t partitions, int16_t replication, bool assigned,
                        std::vector<std::pair<std::string, std::string>> configs) {
  wire_writer w{false};
  w.array_length(1);
  w.string("orders");
  w.int32(partitions);
  w.int16(replication);
  w.array_length(assigned ? 1 : 0);
  if (assigned) {
    w.int32(0);
    w.array_length(1);
    w.int32(1);
  }
  w.array_length(static_cast<int64_t>(configs.size()));
  for (const auto& [k, v] : configs) {
    w.string(k);
    w.string(v);
  }
  w.int32(30000);
  w.boolean(true);
  return w.take();
}

TEST(kafka_topic_admin, create_topics_reads_and_maps_to_a_spec) {
  auto body = create_body(6, -1, false, {{"retention.ms", "60000"}, {"max.message.bytes", "2048"}});
  auto r = read_create_topics(1, body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->validate_only);
  EXPECT_EQ(r->timeout_ms, 30000);
  auto refusal = error_code::none;
  auto spec = spec_of(r->topics.at(0), refusal);
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->name, "orders");
  EXPECT_EQ(spec->partitions, 6);
  EXPECT_EQ(spec->replication_factor, 0); // the cluster's default
  EXPECT_EQ(spec->retention_ms, 60000);
  EXPECT_EQ(spec->batch_bytes_max, 2048);
}

error_code refusal_of(const std::string& body) {
  auto r = read_create_topics(1, body);
  auto refusal = error_code::none;
  EXPECT_TRUE(r);
  EXPECT_FALSE(spec_of(r->topics.at(0), refusal));
  return refusal;
}

TEST(kafka_topic_admin, what_strom_refuses_before_asking_the_controller) {
  EXPECT_EQ(refusal_of(create_body(0, 3, false, {})), error_code::invalid_partitions);
  EXPECT_EQ(refusal_of(create_body(3, -2, false, {})), error_code::invalid_replication_factor);
  EXPECT_EQ(refusal_of(create_body(3, 3, true, {})), error_code::invalid_replica_assignment);
  EXPECT_EQ(refusal_of(create_body(3, 3, false, {{"cleanup.policy", "compact"}})),
            error_code::invalid_config);
  EXPECT_EQ(refusal_of(create_body(3, 3, false, {{"retention.ms", "soon"}})),
            error_code::invalid_config);
}

TEST(kafka_topic_admin, answers_name_each_topic_with_its_error) {
  std::vector<topic_error> topics{{"a", error_code::none, std::nullopt},
                                  {"b", error_code::topic_already_exists, std::string{"exists"}}};
  auto created = write_create_topics(2, topics);
  wire_reader c{created, false};
  EXPECT_EQ(c.int32(), 0);
  ASSERT_EQ(c.array_length(), 2);
  EXPECT_EQ(c.string(), "a");
  EXPECT_EQ(c.int16(), 0);
  EXPECT_EQ(c.nullable_string(), std::nullopt);
  EXPECT_EQ(c.string(), "b");
  EXPECT_EQ(c.int16(), 36);
  EXPECT_EQ(c.nullable_string(), std::optional<std::string>{"exists"});
  EXPECT_EQ(c.remaining(), 0u);
  auto deleted = write_delete_topics(0, topics);
  wire_reader d{deleted, false};
  ASSERT_EQ(d.array_length(), 2);
  d.string();
  d.int16();
  d.string();
  EXPECT_EQ(d.int16(), 36);
  EXPECT_EQ(d.remaining(), 0u);
}

TEST(kafka_topic_admin, delete_topics_and_create_partitions_read_back) {
  wire_writer w{false};
  w.array_length(2);
  w.string("a");
  w.string("b");
  w.int32(5000);
  auto body = w.take();
  auto del = read_delete_topics(1, body);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->names, (std::vector<std::string>{"a", "b"}));
  wire_writer g{false};
  g.array_length(1);
  g.string("a");
  g.int32(12);
  g.array_length(-1);
  g.int32(5000);
  g.boolean(false);
  auto grow = g.take();
  auto parts = read_create_partitions(0, grow);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->topics.at(0).count, 12);
  EXPECT_FALSE(parts->topics.at(0).manual_assignment);
}

} // namespace
} // namespace strom::kafka
