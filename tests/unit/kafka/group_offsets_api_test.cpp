// FindCoordinator, OffsetCommit and OffsetFetch at their first and last
// classic versions and their flexible ones (FindCoordinator v3-v4,
// OffsetCommit v8, OffsetFetch v6-v7): requests built as a client would,
// read back; answers in their version's layout, tagged fields included.

#include <gtest/gtest.h>

#include "net/kafka/group_offsets_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

TEST(kafka_group_offsets, find_coordinator_v0_and_v2) {
  wire_writer w{false};
  w.string("billing");
  w.int8(0);
  auto body = w.take();
  auto v2 = read_find_coordinator(2, body);
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->keys, std::vector<std::string>{"billing"});
  EXPECT_EQ(v2->key_type, 0);
  auto answer = write_find_coordinator(0, {{"billing", error_code::none, {}, {2, "h", 9093}}});
  wire_reader r{answer, false};
  EXPECT_EQ(r.int16(), 0);
  EXPECT_EQ(r.int32(), 2);
  EXPECT_EQ(r.string(), "h");
  EXPECT_EQ(r.int32(), 9093);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_group_offsets, find_coordinator_v3_is_flexible) {
  wire_writer w{true};
  w.string("billing");
  w.int8(0);
  w.tagged_fields();
  auto body = w.take();
  auto v3 = read_find_coordinator(3, body);
  ASSERT_TRUE(v3) << v3.error().message;
  EXPECT_EQ(v3->keys, std::vector<std::string>{"billing"});
  auto answer = write_find_coordinator(
    3, {{"billing", error_code::coordinator_not_available, std::string{"no leader"},
         {-1, "", -1}}});
  wire_reader r{answer, true};
  EXPECT_EQ(r.int32(), 0); // throttle
  EXPECT_EQ(r.int16(), 15);
  EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"no leader"});
  EXPECT_EQ(r.int32(), -1);
  EXPECT_EQ(r.string(), "");
  EXPECT_EQ(r.int32(), -1);
  EXPECT_EQ(r.uvarint(), 0u) << "the response's tagged fields";
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_group_offsets, find_coordinator_v4_answers_each_key) {
  wire_writer w{true};
  w.int8(0);
  w.array_length(2);
  w.string("billing");
  w.string("audit");
  w.tagged_fields();
  auto body = w.take();
  auto v4 = read_find_coordinator(4, body);
  ASSERT_TRUE(v4) << v4.error().message;
  EXPECT_EQ(v4->keys, (std::vector<std::string>{"billing", "audit"}));
  auto answer = write_find_coordinator(
    4, {{"billing", error_code::none, std::nullopt, {2, "h", 9093}},
        {"audit", error_code::coordinator_not_available, std::string{"later"}, {-1, "", -1}}});
  wire_reader r{answer, true};
  EXPECT_EQ(r.int32(), 0);
  ASSERT_EQ(r.array_length(), 2);
  EXPECT_EQ(r.string(), "billing");
  EXPECT_EQ(r.int32(), 2);
  EXPECT_EQ(r.string(), "h");
  EXPECT_EQ(r.int32(), 9093);
  EXPECT_EQ(r.int16(), 0);
  EXPECT_EQ(r.nullable_string(), std::nullopt);
  EXPECT_EQ(r.uvarint(), 0u);
  EXPECT_EQ(r.string(), "audit");
  EXPECT_EQ(r.int32(), -1);
  EXPECT_EQ(r.string(), "");
  EXPECT_EQ(r.int32(), -1);
  EXPECT_EQ(r.int16(), 15);
  EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"later"});
  EXPECT_EQ(r.uvarint(), 0u);
  EXPECT_EQ(r.uvarint(), 0u);
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_group_offsets, a_truncated_flexible_request_is_an_error) {
  std::string keys_cut("\x00\x03\x08" "bill", 7); // key_type, 2 keys, a cut name
  EXPECT_FALSE(read_find_coordinator(4, keys_cut));
  std::string huge_count("\x08" "billing" "\xff\xff\xff\xff\x0f", 13);
  EXPECT_FALSE(read_offset_fetch(6, huge_count));
}

std::string commit_body(int16_t version) {
  bool flexible = version >= 8;
  wire_writer w{flexible};
  w.string("billing");
  if (version >= 1) {
    w.int32(4);
    w.string("member-1");
  }
  if (version >= 7)
    w.nullable_string(std::nullopt);
  if (version >= 2 && version <= 4)
    w.int64(-1);
  w.array_length(1);
  w.string("events");
  w.array_length(1);
  w.int32(3);
  w.int64(1234);
  if (version >= 6)
    w.int32(-1);
  if (version == 1)
    w.int64(-1);
  w.nullable_string(std::string{"meta"});
  w.tagged_fields(); // the partition's
  if (flexible) {
    // The topic's, with a tag strom does not know: it is skipped.
    w.uvarint(1);
    w.uvarint(7);
    w.uvarint(2);
    w.raw("zz");
  }
  w.tagged_fields(); // the request's
  return w.take();
}

TEST(kafka_group_offsets, offset_commit_reads_at_every_layout) {
  for (int16_t version : {0, 1, 2, 5, 6, 7, 8}) {
    bool flexible = version >= 8;
    auto body = commit_body(version);
    auto r = read_offset_commit(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->group, "billing");
    EXPECT_EQ(r->generation, version >= 1 ? 4 : -1);
    ASSERT_EQ(r->topics.at(0).partitions.size(), 1u);
    EXPECT_EQ(r->topics[0].partitions[0].offset, 1234);
    EXPECT_EQ(r->topics[0].partitions[0].metadata, std::optional<std::string>{"meta"});
    EXPECT_EQ(r->instance, std::nullopt);
    auto answer = write_offset_commit(version, *r, error_code::illegal_generation);
    wire_reader a{answer, flexible};
    if (version >= 3)
      a.int32();
    ASSERT_EQ(a.array_length(), 1);
    EXPECT_EQ(a.string(), "events");
    ASSERT_EQ(a.array_length(), 1);
    EXPECT_EQ(a.int32(), 3);
    EXPECT_EQ(a.int16(), 22);
    if (flexible) {
      EXPECT_EQ(a.uvarint(), 0u); // partition
      EXPECT_EQ(a.uvarint(), 0u); // topic
      EXPECT_EQ(a.uvarint(), 0u); // response
    }
    EXPECT_FALSE(a.failed());
    EXPECT_EQ(a.remaining(), 0u);
  }
}

TEST(kafka_group_offsets, offset_fetch_of_all_and_of_some) {
  wire_writer all{false};
  all.string("billing");
  all.array_length(-1);
  auto all_body = all.take();
  auto every = read_offset_fetch(2, all_body);
  ASSERT_TRUE(every);
  EXPECT_FALSE(every->topics);
  std::vector<fetched_topic> topics{{"events", {{0, 10, std::string{}}, {1, -1, std::nullopt}}}};
  for (int16_t version : {1, 5}) {
    auto body = write_offset_fetch(version, topics, error_code::not_coordinator);
    wire_reader r{body, false};
    if (version >= 3)
      r.int32();
    ASSERT_EQ(r.array_length(), 1);
    r.string();
    ASSERT_EQ(r.array_length(), 2);
    EXPECT_EQ(r.int32(), 0);
    EXPECT_EQ(r.int64(), 10);
    if (version >= 5) {
      EXPECT_EQ(r.int32(), -1);
    }
    r.nullable_string();
    EXPECT_EQ(r.int16(), version < 2 ? 16 : 0) << "v0-v1 carry the group's error per partition";
    r.int32();
    EXPECT_EQ(r.int64(), -1);
    if (version >= 5)
      r.int32();
    r.nullable_string();
    r.int16();
    if (version >= 2) {
      EXPECT_EQ(r.int16(), 16);
    }
    EXPECT_EQ(r.remaining(), 0u);
  }
}

TEST(kafka_group_offsets, offset_fetch_v6_and_v7_are_flexible) {
  for (int16_t version : {6, 7}) {
    wire_writer w{true};
    w.string("billing");
    w.array_length(1);
    w.string("events");
    w.array_length(2);
    w.int32(0);
    w.int32(1);
    w.tagged_fields();
    if (version >= 7)
      w.boolean(true); // require_stable
    w.tagged_fields();
    auto body = w.take();
    auto request = read_offset_fetch(version, body);
    ASSERT_TRUE(request) << request.error().message;
    EXPECT_EQ(request->group, "billing");
    ASSERT_TRUE(request->topics);
    ASSERT_EQ(request->topics->size(), 1u);
    EXPECT_EQ(request->topics->at(0).second, (std::vector<int32_t>{0, 1}));

    wire_writer all{true};
    all.string("billing");
    all.array_length(-1);
    if (version >= 7)
      all.boolean(false);
    all.tagged_fields();
    auto all_body = all.take();
    auto every = read_offset_fetch(version, all_body);
    ASSERT_TRUE(every) << every.error().message;
    EXPECT_FALSE(every->topics);

    std::vector<fetched_topic> topics{{"events", {{0, 10, std::nullopt}}}};
    auto answer = write_offset_fetch(version, topics, error_code::none);
    wire_reader r{answer, true};
    EXPECT_EQ(r.int32(), 0);
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.string(), "events");
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.int32(), 0);
    EXPECT_EQ(r.int64(), 10);
    EXPECT_EQ(r.int32(), -1);
    EXPECT_EQ(r.nullable_string(), std::nullopt);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.uvarint(), 0u);
    EXPECT_EQ(r.uvarint(), 0u);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.uvarint(), 0u);
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u);
  }
}

} // namespace
} // namespace strom::kafka
