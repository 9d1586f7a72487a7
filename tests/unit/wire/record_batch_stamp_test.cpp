// Stamping writes base offset, term and append time into the producer's
// bytes in place: same size, records and CRC untouched, whatever the count.

#include <gtest/gtest.h>

#include "messages/record.pb.h"
#include "messages/record_batch.hpp"
#include "messages/record_batch_restamp.hpp"
#include "tests/unit/wire/batch_fixtures.hpp"

namespace strom {
namespace {

// Positions where two byte strings differ.
std::vector<size_t> differing_positions(const std::string& a, const std::string& b) {
  std::vector<size_t> out;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (a[i] != b[i])
      out.push_back(i);
  return out;
}

TEST(record_batch_stamp, changes_only_the_fixed_header_bytes) {
  std::vector<record> records(10'000);
  for (size_t i = 0; i < records.size(); ++i)
    records[i].value = "value-" + std::to_string(i);
  auto original = test::encoded(records);
  auto stamped = original;
  ASSERT_TRUE(stamp_record_batch(stamped, {record_offset{0x0102030405060708}, term_id{9},
                                           std::nullopt}));
  ASSERT_EQ(stamped.size(), original.size()) << "stamping must not re-encode";
  auto changed = differing_positions(original, stamped);
  ASSERT_FALSE(changed.empty());
  // Base offset and term are the first two fields: 2 x (1 tag + 8 bytes).
  EXPECT_LT(changed.back(), 18u) << "a byte after the header changed";
  auto header = validate_record_batch(stamped);
  ASSERT_TRUE(header) << header.error().describe();
  EXPECT_EQ(header->base_offset, record_offset{0x0102030405060708});
  EXPECT_EQ(header->term, term_id{9});
}

TEST(record_batch_stamp, zero_fields_are_still_on_the_wire_so_they_can_be_patched) {
  auto original = test::encoded(test::three_records());
  wire::RecordBatch parsed;
  ASSERT_TRUE(parsed.ParseFromString(original));
  EXPECT_TRUE(parsed.has_base_offset());
  EXPECT_TRUE(parsed.has_partition_leader_epoch());
  EXPECT_TRUE(parsed.has_attributes());
}

TEST(record_batch_stamp, log_append_time_replaces_every_record_timestamp) {
  auto bytes = test::encoded(test::three_records());
  auto size_before = bytes.size();
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{7}, term_id{2}, int64_t{1'800'000'000'000}}));
  EXPECT_EQ(bytes.size(), size_before);
  auto header = validate_record_batch(bytes);
  ASSERT_TRUE(header) << header.error().describe();
  EXPECT_EQ(header->timestamps(), timestamp_type::log_append_time);
  EXPECT_EQ(header->max_timestamp_ms, 1'800'000'000'000);
  auto decoded = decode_record_batch(bytes);
  ASSERT_TRUE(decoded);
  for (const auto& r : *decoded)
    EXPECT_EQ(r.timestamp_ms, 1'800'000'000'000) << "offset " << r.offset;
}

TEST(record_batch_stamp, restamping_overwrites_the_previous_stamp) {
  auto bytes = test::encoded(test::three_records());
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{10}, term_id{1}, std::nullopt}));
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{20}, term_id{3}, std::nullopt}));
  auto header = read_batch_header(bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->base_offset, record_offset{20});
  EXPECT_EQ(header->term, term_id{3});
}

TEST(record_batch_stamp, a_batch_without_header_fields_gets_them_appended) {
  // Another encoder may omit zero fields (plain proto3 does).
  wire::RecordSet set;
  set.add_records()->set_value("v");
  wire::RecordBatch batch;
  set.SerializeToString(batch.mutable_records());
  batch.set_records_count(1);
  batch.set_records_crc(crc32c(batch.records()));
  auto bytes = batch.SerializeAsString();
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{55}, term_id{4}, int64_t{99}}));
  auto decoded = decode_record_batch(bytes);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_EQ((*decoded)[0].offset, record_offset{55});
  EXPECT_EQ((*decoded)[0].timestamp_ms, 99);
  wire::RecordBatch parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes)) << "protobuf must read the appended fields too";
  EXPECT_EQ(parsed.base_offset(), 55);
  EXPECT_EQ(parsed.partition_leader_epoch(), 4);
}

TEST(record_batch_stamp, a_repeated_header_field_is_patched_where_parsers_read_it) {
  auto bytes = test::encoded(test::three_records());
  // Append a second base_offset (tag 0x09, fixed64 = 1): it now wins.
  bytes += std::string{"\x09\x01\x00\x00\x00\x00\x00\x00\x00", 9};
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{77}, term_id{1}, std::nullopt}));
  wire::RecordBatch parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.base_offset(), 77);
}

TEST(record_batch_stamp, restamping_the_producer_keeps_the_size_the_records_and_the_crc) {
  std::vector<record> records(100);
  for (size_t i = 0; i < records.size(); ++i)
    records[i].value = "value-" + std::to_string(i);
  auto original = encode_record_batch(records, producer_identity{42, 3, 17});
  ASSERT_TRUE(original);
  auto restamped = *original;
  ASSERT_TRUE(restamp_record_batch_producer(restamped, producer_identity{42, 4, 0}));
  ASSERT_EQ(restamped.size(), original->size());
  auto header = validate_record_batch(restamped);
  ASSERT_TRUE(header) << header.error().describe();
  EXPECT_EQ(header->producer.producer_id, 42);
  EXPECT_EQ(header->producer.producer_epoch, 4);
  EXPECT_EQ(header->producer.base_sequence, 0);
  EXPECT_EQ(header->records_count, 100);
  auto decoded = decode_record_batch(restamped);
  ASSERT_TRUE(decoded);
  EXPECT_EQ((*decoded)[99].value, std::optional<std::string>{"value-99"});
}

TEST(record_batch_stamp, restamping_garbage_is_refused_and_changes_nothing) {
  std::string garbage = "\xff\xff\xff not a batch";
  auto before = garbage;
  EXPECT_FALSE(restamp_record_batch_producer(garbage, producer_identity{1, 1, 1}));
  EXPECT_EQ(garbage, before);
}

} // namespace
} // namespace strom
