// Metadata at v0, v1, v5, v7 and v9 (flexible): requests read as Kafka lays
// them out (v0's empty list and v1's null both mean every topic), answers
// read back field by field.

#include <gtest/gtest.h>

#include "net/kafka/metadata_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

cluster_metadata three_nodes_one_down() {
  cluster_metadata md;
  for (int n = 1; n <= 3; ++n)
    md.brokers.push_back({{node_id{n}, "127.0.0.1", static_cast<uint16_t>(9300 + n)}, n != 3});
  topic_metadata t;
  t.name = "events";
  t.partitions.push_back({partition_id{0}, group_id{1}, {node_id{1}, node_id{2}, node_id{3}},
                          node_id{2}, term_id{7}});
  t.partitions.push_back({partition_id{1}, group_id{2}, {node_id{3}, node_id{1}}, node_id{-1},
                          term_id{0}});
  md.topics.push_back(t);
  md.controller_leader = node_id{1};
  return md;
}

metadata_context doors() {
  metadata_context c;
  c.cluster_id = "test";
  for (int n = 1; n <= 3; ++n)
    c.doors[n] = {n, "127.0.0.1", 9091 + n};
  return c;
}

std::string request_body(int16_t version, std::optional<std::vector<std::string>> topics) {
  bool flexible = version >= 9;
  wire_writer w{flexible};
  if (!topics) {
    w.array_length(-1);
  } else {
    w.array_length(static_cast<int64_t>(topics->size()));
    for (const auto& t : *topics) {
      w.string(t);
      w.tagged_fields();
    }
  }
  if (version >= 4)
    w.boolean(false);
  if (version >= 8) {
    w.boolean(false);
    w.boolean(false);
  }
  w.tagged_fields();
  return w.take();
}

TEST(kafka_metadata, requests_name_topics_or_all_of_them) {
  auto v0_all = read_metadata_request(0, false, std::string(4, '\0'));
  ASSERT_TRUE(v0_all);
  EXPECT_FALSE(v0_all->topics);
  auto v1_none = read_metadata_request(1, false, std::string(4, '\0'));
  ASSERT_TRUE(v1_none);
  ASSERT_TRUE(v1_none->topics);
  EXPECT_TRUE(v1_none->topics->empty());
  auto v1_all = read_metadata_request(1, false, request_body(1, std::nullopt));
  ASSERT_TRUE(v1_all);
  EXPECT_FALSE(v1_all->topics);
  auto v9 = read_metadata_request(9, true, request_body(9, std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(v9);
  EXPECT_EQ(*v9->topics, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(v9->allow_auto_topic_creation);
  EXPECT_FALSE(read_metadata_request(4, false, request_body(4, std::nullopt).substr(0, 4)));
}

struct read_partition {
  int16_t error = 0;
  int32_t index = 0, leader = 0, epoch = -1;
  std::vector<int32_t> replicas, isr, offline;
};

std::vector<int32_t> ids(wire_reader& r) {
  std::vector<int32_t> out;
  for (int32_t i = 0, n = r.array_length(); i < n; ++i)
    out.push_back(r.int32());
  return out;
}

read_partition partition_at(wire_reader& r, int16_t version) {
  read_partition p;
  p.error = r.int16();
  p.index = r.int32();
  p.leader = r.int32();
  if (version >= 7)
    p.epoch = r.int32();
  p.replicas = ids(r);
  p.isr = ids(r);
  if (version >= 5)
    p.offline = ids(r);
  r.tagged_fields();
  return p;
}

// Reads a whole answer of `version` and checks it against the cluster above.
void expect_answer(int16_t version) {
  SCOPED_TRACE("version " + std::to_string(version));
  bool flexible = version >= 9;
  metadata_request all;
  auto body = answer_metadata(version, flexible, all, three_nodes_one_down(), doors());
  wire_reader r{body, flexible};
  if (version >= 3) {
    EXPECT_EQ(r.int32(), 0);
  }
  ASSERT_EQ(r.array_length(), 2) << "the node that is down is not advertised";
  for (int n = 1; n <= 2; ++n) {
    EXPECT_EQ(r.int32(), n);
    EXPECT_EQ(r.string(), "127.0.0.1");
    EXPECT_EQ(r.int32(), 9091 + n);
    if (version >= 1) {
      EXPECT_EQ(r.nullable_string(), std::nullopt);
    }
    r.tagged_fields();
  }
  if (version >= 2) {
    EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"test"});
  }
  if (version >= 1) {
    EXPECT_EQ(r.int32(), 1);
  }
  ASSERT_EQ(r.array_length(), 1);
  EXPECT_EQ(r.int16(), 0);
  EXPECT_EQ(r.string(), "events");
  if (version >= 1) {
    EXPECT_FALSE(r.boolean());
  }
  ASSERT_EQ(r.array_length(), 2);
  auto led = partition_at(r, version);
  EXPECT_EQ(led.leader, 2);
  EXPECT_EQ(led.replicas, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(led.isr, (std::vector<int32_t>{1, 2}));
  if (version >= 5) {
    EXPECT_EQ(led.offline, (std::vector<int32_t>{3}));
  }
  if (version >= 7) {
    EXPECT_EQ(led.epoch, 7);
  }
  auto leaderless = partition_at(r, version);
  EXPECT_EQ(leaderless.error, wire(error_code::leader_not_available));
  EXPECT_EQ(leaderless.index, 1);
  EXPECT_EQ(leaderless.leader, -1);
  if (version >= 8) {
    EXPECT_EQ(r.int32(), INT32_MIN);
  }
  r.tagged_fields();
  if (version >= 8) {
    EXPECT_EQ(r.int32(), INT32_MIN);
  }
  r.tagged_fields();
  EXPECT_FALSE(r.failed()) << r.failure();
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_metadata, answers_read_back_at_every_layout) {
  for (int16_t version : {0, 1, 2, 3, 5, 7, 8, 9})
    expect_answer(version);
}

TEST(kafka_metadata, a_topic_asked_for_and_unknown_is_answered_so) {
  metadata_request one{std::vector<std::string>{"nope"}, true};
  auto body = answer_metadata(1, false, one, three_nodes_one_down(), doors());
  wire_reader r{body, false};
  for (int32_t i = 0, n = r.array_length(); i < n; ++i) {
    r.int32();
    r.string();
    r.int32();
    r.nullable_string();
  }
  r.int32(); // controller
  ASSERT_EQ(r.array_length(), 1);
  EXPECT_EQ(r.int16(), wire(error_code::unknown_topic_or_partition));
  EXPECT_EQ(r.string(), "nope");
  r.boolean();
  EXPECT_EQ(r.array_length(), 0);
  EXPECT_EQ(r.remaining(), 0u);
}

} // namespace
} // namespace strom::kafka
