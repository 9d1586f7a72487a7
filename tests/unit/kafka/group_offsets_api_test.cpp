// FindCoordinator, OffsetCommit and OffsetFetch at their first and last
// classic versions: requests read back, answers in their version's layout.

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
  EXPECT_EQ(v2->key, "billing");
  EXPECT_EQ(v2->key_type, 0);
  auto answer = write_find_coordinator(0, error_code::none, std::nullopt, {2, "h", 9093});
  wire_reader r{answer, false};
  EXPECT_EQ(r.int16(), 0);
  EXPECT_EQ(r.int32(), 2);
  EXPECT_EQ(r.string(), "h");
  EXPECT_EQ(r.int32(), 9093);
  EXPECT_EQ(r.remaining(), 0u);
}

std::string commit_body(int16_t version) {
  wire_writer w{false};
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
  return w.take();
}

TEST(kafka_group_offsets, offset_commit_reads_at_every_layout) {
  for (int16_t version : {0, 1, 2, 5, 6, 7}) {
    auto body = commit_body(version);
    auto r = read_offset_commit(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->group, "billing");
    EXPECT_EQ(r->generation, version >= 1 ? 4 : -1);
    ASSERT_EQ(r->topics.at(0).partitions.size(), 1u);
    EXPECT_EQ(r->topics[0].partitions[0].offset, 1234);
    EXPECT_EQ(r->topics[0].partitions[0].metadata, std::optional<std::string>{"meta"});
    auto answer = write_offset_commit(version, *r, error_code::illegal_generation);
    wire_reader a{answer, false};
    if (version >= 3)
      a.int32();
    ASSERT_EQ(a.array_length(), 1);
    a.string();
    ASSERT_EQ(a.array_length(), 1);
    EXPECT_EQ(a.int32(), 3);
    EXPECT_EQ(a.int16(), 22);
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

} // namespace
} // namespace strom::kafka
