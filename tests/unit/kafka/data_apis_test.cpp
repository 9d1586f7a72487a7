// Produce, Fetch and ListOffsets at the versions the door takes: requests
// built as a client lays them out read back field by field, and answers
// read back in the layout of their version.

#include <gtest/gtest.h>

#include "net/kafka/fetch_api.hpp"
#include "net/kafka/list_offsets_api.hpp"
#include "net/kafka/produce_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

std::string produce_body(bool flexible) {
  wire_writer w{flexible};
  w.nullable_string(std::nullopt); // transactional_id
  w.int16(-1);
  w.int32(1500);
  w.array_length(1);
  w.string("events");
  w.array_length(2);
  w.int32(0);
  w.nullable_bytes(std::string{"BATCH"});
  w.tagged_fields();
  w.int32(1);
  w.nullable_bytes(std::nullopt);
  w.tagged_fields();
  w.tagged_fields();
  w.tagged_fields();
  return w.take();
}

TEST(kafka_produce, requests_read_classic_and_flexible) {
  for (bool flexible : {false, true}) {
    auto body = produce_body(flexible);
    auto r = read_produce_request(flexible ? 9 : 3, flexible, body);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->acks, -1);
    EXPECT_EQ(r->timeout_ms, 1500);
    ASSERT_EQ(r->topics.size(), 1u);
    ASSERT_EQ(r->topics[0].partitions.size(), 2u);
    EXPECT_EQ(r->topics[0].partitions[0].records, std::optional<std::string>{"BATCH"});
    EXPECT_EQ(r->topics[0].partitions[1].records, std::nullopt);
  }
  auto body = produce_body(false);
  EXPECT_FALSE(read_produce_request(3, false, body.substr(0, body.size() - 3)));
}

TEST(kafka_produce, answers_carry_the_fields_of_their_version) {
  std::vector<produce_topic_outcome> topics{
    {"events", {{0, error_code::none, 42, -1, 0, std::nullopt},
                {1, error_code::not_leader_or_follower, -1, -1, -1, std::string{"moved"}}}}};
  for (int16_t version : {3, 5, 8}) {
    auto body = write_produce_response(version, false, topics);
    wire_reader r{body, false};
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.string(), "events");
    ASSERT_EQ(r.array_length(), 2);
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(r.int32(), i);
      EXPECT_EQ(r.int16(), i == 0 ? 0 : 6);
      EXPECT_EQ(r.int64(), i == 0 ? 42 : -1);
      EXPECT_EQ(r.int64(), -1); // log_append_time
      if (version >= 5)
        r.int64();
      if (version >= 8) {
        EXPECT_EQ(r.array_length(), 0);
        EXPECT_EQ(r.nullable_string(),
                  i == 0 ? std::nullopt : std::optional<std::string>{"moved"});
      }
    }
    EXPECT_EQ(r.int32(), 0); // throttle
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

// A tagged field holding a compact string, as Fetch v12's cluster_id (tag 0).
void tagged_string(wire_writer& w, uint32_t tag, const std::string& value) {
  wire_writer field{true};
  field.string(value);
  auto bytes = field.take();
  w.uvarint(1);
  w.uvarint(tag);
  w.uvarint(bytes.size());
  w.raw(bytes);
}

std::string fetch_body(int16_t version) {
  bool flexible = version >= 12;
  wire_writer w{flexible};
  w.int32(-1);
  w.int32(500);
  w.int32(1);
  if (version >= 3)
    w.int32(1 << 20);
  if (version >= 4)
    w.int8(0);
  if (version >= 7) {
    w.int32(0);
    w.int32(-1);
  }
  w.array_length(1);
  w.string("events");
  w.array_length(1);
  w.int32(2);
  if (version >= 9)
    w.int32(7);
  w.int64(99);
  if (version >= 12)
    w.int32(-1); // last_fetched_epoch
  if (version >= 5)
    w.int64(-1);
  w.int32(4096);
  w.tagged_fields(); // partition
  w.tagged_fields(); // topic
  if (version >= 7) {
    w.array_length(1);
    w.string("old");
    w.array_length(1);
    w.int32(0);
    w.tagged_fields();
  }
  if (version >= 11)
    w.string("rack-a");
  if (flexible)
    tagged_string(w, 0, "cluster-1");
  return w.take();
}

TEST(kafka_fetch, requests_read_at_every_version) {
  for (int16_t version : {2, 3, 4, 5, 7, 9, 11, 12}) {
    auto body = fetch_body(version);
    auto r = read_fetch_request(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->max_wait_ms, 500);
    EXPECT_EQ(r->min_bytes, 1);
    ASSERT_EQ(r->topics.size(), 1u);
    ASSERT_EQ(r->topics[0].partitions.size(), 1u);
    EXPECT_EQ(r->topics[0].partitions[0].index, 2);
    EXPECT_EQ(r->topics[0].partitions[0].fetch_offset, 99);
    EXPECT_EQ(r->topics[0].partitions[0].max_bytes, 4096);
  }
  auto v12 = fetch_body(12);
  EXPECT_FALSE(read_fetch_request(12, v12.substr(0, v12.size() - 4)))
    << "a cut tagged field is an error";
  EXPECT_FALSE(read_fetch_request(11, v12)) << "v12's bytes are not v11's";
}

TEST(kafka_fetch, answers_say_no_session_and_no_transactions) {
  for (int16_t version : {2, 4, 5, 7, 11, 12}) {
    bool flexible = version >= 12;
    std::vector<fetch_topic_answer> topics{{"events", {{2, error_code::none, 120, 3, "RECORDS"}}}};
    std::string body;
    for (const auto& piece : write_fetch_response(version, topics))
      body += piece; // the records are a piece of their own, sent in order
    wire_reader r{body, flexible};
    EXPECT_EQ(r.int32(), 0); // throttle
    if (version >= 7) {
      EXPECT_EQ(r.int16(), 0);
      EXPECT_EQ(r.int32(), 0); // session id: none
    }
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.string(), "events");
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.int32(), 2);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.int64(), 120);
    if (version >= 4) {
      EXPECT_EQ(r.int64(), 120); // last stable offset
    }
    if (version >= 5) {
      EXPECT_EQ(r.int64(), 3);
    }
    if (version >= 4) {
      EXPECT_EQ(r.array_length(), -1); // aborted transactions
    }
    if (version >= 11) {
      EXPECT_EQ(r.int32(), -1);
    }
    EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>{"RECORDS"});
    if (flexible) {
      EXPECT_EQ(r.uvarint(), 0u); // partition: no tagged fields
      EXPECT_EQ(r.uvarint(), 0u); // topic
      EXPECT_EQ(r.uvarint(), 0u); // response
    }
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

TEST(kafka_list_offsets, requests_and_answers_at_v1_v4_and_flexible_v6) {
  for (int16_t version : {1, 4, 6}) {
    bool flexible = version >= 6;
    wire_writer w{flexible};
    w.int32(-1);
    if (version >= 2)
      w.int8(0);
    w.array_length(1);
    w.string("events");
    w.array_length(1);
    w.int32(0);
    if (version >= 4)
      w.int32(-1);
    w.int64(-2);
    w.tagged_fields();
    w.tagged_fields();
    w.tagged_fields();
    auto body = w.take();
    auto r = read_list_offsets_request(version, body);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->at(0).name, "events");
    EXPECT_EQ(r->at(0).partitions.at(0).timestamp, -2);
    if (flexible) {
      EXPECT_FALSE(read_list_offsets_request(version, body.substr(0, body.size() - 1)))
        << "the request's own tagged fields are missing";
    }
    auto answer = write_list_offsets_response(
      version, {{"events", {{0, error_code::none, -1, 17, 4}}}});
    wire_reader a{answer, flexible};
    if (version >= 2)
      a.int32();
    ASSERT_EQ(a.array_length(), 1);
    a.string();
    ASSERT_EQ(a.array_length(), 1);
    EXPECT_EQ(a.int32(), 0);
    EXPECT_EQ(a.int16(), 0);
    EXPECT_EQ(a.int64(), -1);
    EXPECT_EQ(a.int64(), 17);
    if (version >= 4) {
      EXPECT_EQ(a.int32(), 4);
    }
    if (flexible) {
      EXPECT_EQ(a.uvarint(), 0u);
      EXPECT_EQ(a.uvarint(), 0u);
      EXPECT_EQ(a.uvarint(), 0u);
    }
    EXPECT_FALSE(a.failed());
    EXPECT_EQ(a.remaining(), 0u);
  }
}

} // namespace
} // namespace strom::kafka
