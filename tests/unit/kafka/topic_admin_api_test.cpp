// CreateTopics, DeleteTopics and CreatePartitions: requests read back, what
// strom refuses before asking the controller, and the answers' layouts,
// classic and flexible (CreateTopics v5-v6, DeleteTopics v4-v5,
// CreatePartitions v2-v3).

#include <gtest/gtest.h>

#include "net/kafka/topic_admin_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

std::string create_body(int32_t partitions, int16_t replication, bool assigned,
                        std::vector<std::pair<std::string, std::string>> configs,
                        bool flexible = false) {
  wire_writer w{flexible};
  w.array_length(1);
  w.string("orders");
  w.int32(partitions);
  w.int16(replication);
  w.array_length(assigned ? 1 : 0);
  if (assigned) {
    w.int32(0);
    w.array_length(1);
    w.int32(1);
    w.tagged_fields();
  }
  w.array_length(static_cast<int64_t>(configs.size()));
  for (const auto& [k, v] : configs) {
    w.string(k);
    w.string(v);
    w.tagged_fields();
  }
  w.tagged_fields(); // the topic's
  w.int32(30000);
  w.boolean(true);
  w.tagged_fields(); // the request's
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
  EXPECT_EQ(spec->configs, (std::vector<config_text>{{"retention.ms", "60000"},
                                                     {"max.message.bytes", "2048"}}));
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
  EXPECT_EQ(refusal_of(create_body(3, 3, false, {{"cleanup.policy", "compact,shred"}})),
            error_code::invalid_config);
  EXPECT_EQ(refusal_of(create_body(3, 3, false, {{"retention.ms", "soon"}})),
            error_code::invalid_config);
}

TEST(kafka_topic_admin, answers_name_each_topic_with_its_error) {
  std::vector<topic_error> topics{
    {"a", error_code::none, std::nullopt, {}},
    {"b", error_code::topic_already_exists, std::string{"exists"}, {}}};
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

TEST(kafka_topic_admin, create_topics_v5_reads_a_flexible_request) {
  auto body = create_body(6, 3, false, {{"retention.ms", "60000"}}, true);
  auto r = read_create_topics(5, body);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->topics.size(), 1u);
  EXPECT_EQ(r->topics[0].name, "orders");
  EXPECT_EQ(r->topics[0].partitions, 6);
  EXPECT_EQ(r->topics[0].replication_factor, 3);
  ASSERT_EQ(r->topics[0].configs.size(), 1u);
  EXPECT_EQ(r->topics[0].configs[0].second, std::optional<std::string>{"60000"});
  EXPECT_TRUE(r->validate_only);
  auto assigned = create_body(6, 3, true, {}, true);
  auto manual = read_create_topics(6, assigned);
  ASSERT_TRUE(manual) << manual.error().message;
  EXPECT_TRUE(manual->topics.at(0).manual_assignment);
  EXPECT_FALSE(read_create_topics(5, body.substr(0, body.size() - 3)));
}

topic_metadata made_topic() {
  topic_metadata t;
  t.name = "a";
  t.replication_factor = 3;
  t.config.retention_ms = 60000;
  t.partitions.resize(4);
  return t;
}

TEST(kafka_topic_admin, create_topics_v5_answers_the_topics_shape) {
  std::vector<topic_error> topics{
    {"a", error_code::none, std::nullopt, shape_of(made_topic())},
    {"b", error_code::topic_already_exists, std::string{"exists"}, {}}};
  auto created = write_create_topics(5, topics);
  wire_reader c{created, true};
  EXPECT_EQ(c.int32(), 0);
  ASSERT_EQ(c.array_length(), 2);
  EXPECT_EQ(c.string(), "a");
  EXPECT_EQ(c.int16(), 0);
  EXPECT_EQ(c.nullable_string(), std::nullopt);
  EXPECT_EQ(c.int32(), 4);
  EXPECT_EQ(c.int16(), 3);
  auto configs = c.array_length();
  ASSERT_EQ(configs, static_cast<int32_t>(topic_config_keys().size()));
  bool retention_seen = false;
  for (int i = 0; i < configs; ++i) {
    auto name = c.string();
    auto value = c.nullable_string();
    EXPECT_FALSE(c.boolean()); // read_only: every key can be altered
    auto source = c.int8();
    EXPECT_FALSE(c.boolean()); // is_sensitive
    EXPECT_EQ(c.uvarint(), 0u);
    if (name != "retention.ms")
      continue;
    retention_seen = true;
    EXPECT_EQ(value, std::optional<std::string>{"60000"});
    EXPECT_EQ(source, source_topic) << "not the default: the topic's own";
  }
  EXPECT_TRUE(retention_seen);
  EXPECT_EQ(c.uvarint(), 0u) << "the topic's tagged fields";
  EXPECT_EQ(c.string(), "b");
  EXPECT_EQ(c.int16(), 36);
  EXPECT_EQ(c.nullable_string(), std::optional<std::string>{"exists"});
  EXPECT_EQ(c.int32(), -1) << "a topic not made has no shape";
  EXPECT_EQ(c.int16(), -1);
  EXPECT_EQ(c.array_length(), -1);
  EXPECT_EQ(c.uvarint(), 0u);
  EXPECT_EQ(c.uvarint(), 0u);
  EXPECT_FALSE(c.failed());
  EXPECT_EQ(c.remaining(), 0u);
}

TEST(kafka_topic_admin, delete_topics_v4_and_v5_are_flexible) {
  wire_writer w{true};
  w.array_length(2);
  w.string("a");
  w.string("b");
  w.int32(5000);
  w.tagged_fields();
  auto body = w.take();
  auto del = read_delete_topics(4, body);
  ASSERT_TRUE(del) << del.error().message;
  EXPECT_EQ(del->names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(del->timeout_ms, 5000);
  std::vector<topic_error> topics{
    {"a", error_code::unknown_topic_or_partition, std::string{"no topic a"}, {}}};
  for (int16_t version : {4, 5}) {
    auto answer = write_delete_topics(version, topics);
    wire_reader d{answer, true};
    EXPECT_EQ(d.int32(), 0);
    ASSERT_EQ(d.array_length(), 1);
    EXPECT_EQ(d.string(), "a");
    EXPECT_EQ(d.int16(), 3);
    if (version >= 5) {
      EXPECT_EQ(d.nullable_string(), std::optional<std::string>{"no topic a"});
    }
    EXPECT_EQ(d.uvarint(), 0u);
    EXPECT_EQ(d.uvarint(), 0u);
    EXPECT_FALSE(d.failed());
    EXPECT_EQ(d.remaining(), 0u) << "version " << version;
  }
}

TEST(kafka_topic_admin, create_partitions_v2_is_flexible) {
  wire_writer g{true};
  g.array_length(1);
  g.string("a");
  g.int32(12);
  g.array_length(1); // one assignment: strom refuses it, but reads it
  g.array_length(1);
  g.int32(2);
  g.tagged_fields();
  g.tagged_fields();
  g.int32(5000);
  g.boolean(true);
  g.tagged_fields();
  auto grow = g.take();
  auto parts = read_create_partitions(2, grow);
  ASSERT_TRUE(parts) << parts.error().message;
  EXPECT_EQ(parts->topics.at(0).count, 12);
  EXPECT_TRUE(parts->topics.at(0).manual_assignment);
  EXPECT_TRUE(parts->validate_only);
  auto answer = write_create_partitions(
    3, {{"a", error_code::invalid_partitions, std::string{"only grows"}, {}}});
  wire_reader r{answer, true};
  EXPECT_EQ(r.int32(), 0);
  ASSERT_EQ(r.array_length(), 1);
  EXPECT_EQ(r.string(), "a");
  EXPECT_EQ(r.int16(), 37);
  EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"only grows"});
  EXPECT_EQ(r.uvarint(), 0u);
  EXPECT_EQ(r.uvarint(), 0u);
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.remaining(), 0u);
}

} // namespace
} // namespace strom::kafka
