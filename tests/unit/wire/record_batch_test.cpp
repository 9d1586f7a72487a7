// A batch survives the trip producer -> leader -> consumer with every field
// a Kafka client would expect: null keys, tombstones, headers, timestamps.

#include <gtest/gtest.h>

#include "messages/record.pb.h"
#include "messages/record_batch.hpp"
#include "tests/unit/wire/batch_fixtures.hpp"

namespace strom {
namespace {

TEST(record_batch, records_read_back_with_absolute_offsets_and_timestamps) {
  auto records = test::three_records();
  auto bytes = test::encoded(records, {42, 3, 7});
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{100}, term_id{5}, std::nullopt}));
  auto decoded = decode_record_batch(bytes);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  ASSERT_EQ(decoded->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const auto& got = (*decoded)[i];
    EXPECT_EQ(got.offset, record_offset{100 + static_cast<int64_t>(i)});
    EXPECT_EQ(got.timestamp_ms, records[i].timestamp_ms) << "record " << i;
    EXPECT_EQ(got.key, records[i].key) << "record " << i;
    EXPECT_EQ(got.value, records[i].value) << "record " << i;
    EXPECT_EQ(got.headers, records[i].headers) << "record " << i;
  }
}

TEST(record_batch, null_key_and_empty_key_stay_distinct) {
  auto decoded = decode_record_batch(test::encoded(test::three_records()));
  ASSERT_TRUE(decoded);
  EXPECT_FALSE((*decoded)[1].key.has_value());
  ASSERT_TRUE((*decoded)[2].key.has_value());
  EXPECT_TRUE((*decoded)[2].key->empty());
  EXPECT_FALSE((*decoded)[2].value.has_value()) << "a tombstone must stay null";
}

TEST(record_batch, header_reports_producer_count_and_max_timestamp) {
  auto bytes = test::encoded(test::three_records(), {42, 3, 7});
  auto header = validate_record_batch(bytes);
  ASSERT_TRUE(header) << header.error().describe();
  EXPECT_EQ(header->records_count, 3);
  EXPECT_EQ(header->producer.producer_id, 42);
  EXPECT_EQ(header->producer.producer_epoch, 3);
  EXPECT_EQ(header->producer.base_sequence, 7);
  EXPECT_EQ(header->last_sequence(), 9);
  EXPECT_EQ(header->base_timestamp_ms, 1'700'000'000'000);
  EXPECT_EQ(header->max_timestamp_ms, 1'700'000'000'500);
  EXPECT_EQ(header->timestamps(), timestamp_type::create_time);
}

TEST(record_batch, last_offset_is_base_plus_count_minus_one) {
  auto bytes = test::encoded(test::three_records());
  ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{1000}, term_id{1}, std::nullopt}));
  auto header = read_batch_header(bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->last_offset(), record_offset{1002});
  EXPECT_EQ(header->next_offset(), record_offset{1003});
}

TEST(record_batch, an_empty_batch_is_refused) {
  auto bytes = encode_record_batch({});
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, errc::bad_request);
}

TEST(record_batch, a_header_key_that_is_not_utf8_is_refused_by_the_encoder) {
  std::vector<record> records(1);
  records[0].headers = {{std::string{"\xC3\x28"}, std::nullopt}};
  auto bytes = encode_record_batch(records);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, errc::bad_request);
  records[0].headers = {{std::string{"gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80"}, std::nullopt}};
  EXPECT_TRUE(encode_record_batch(records)) << "valid multi-byte UTF-8 must pass";
}

TEST(record_batch, a_batch_above_the_limit_is_record_too_large) {
  std::vector<record> records(1);
  records[0].value = std::string(2000, 'x');
  auto bytes = test::encoded(records);
  auto refused = validate_record_batch(bytes, {1000});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::record_too_large);
  EXPECT_TRUE(validate_record_batch(bytes, {bytes.size()})) << "the limit is inclusive";
  auto decoded = decode_record_batch(bytes, {1000});
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, errc::record_too_large);
}

TEST(record_batch, a_corrupted_record_fails_the_crc) {
  std::vector<record> records(1);
  records[0].value = std::string{"payload-payload"};
  auto bytes = test::encoded(records);
  auto at = bytes.find("payload-payload");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'P';
  auto refused = validate_record_batch(bytes);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
  EXPECT_NE(refused.error().message.find("CRC"), std::string::npos) << refused.error().message;
}

TEST(record_batch, crc32c_matches_the_published_check_value) {
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(""), 0u);
  // Longer than 8 bytes and not a multiple of 8: both paths of the loop.
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu); // RFC 3720 B.4
}

// Hand-made batches (as another encoder might send them) with consistent CRCs
// but inconsistent contents.
std::string hand_made(const wire::RecordSet& set, int32_t count, int64_t max_timestamp_ms) {
  wire::RecordBatch batch;
  set.SerializeToString(batch.mutable_records());
  batch.set_records_count(count);
  batch.set_max_timestamp_ms(max_timestamp_ms);
  batch.set_records_crc(crc32c(batch.records()));
  return batch.SerializeAsString();
}

TEST(record_batch, offsets_must_be_dense) {
  wire::RecordSet set;
  set.add_records()->set_offset_delta(0);
  set.add_records()->set_offset_delta(0);
  auto refused = validate_record_batch(hand_made(set, 2, 0));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
  set.mutable_records(1)->set_offset_delta(1);
  EXPECT_TRUE(validate_record_batch(hand_made(set, 2, 0)));
}

TEST(record_batch, records_count_must_match_the_records) {
  wire::RecordSet set;
  set.add_records()->set_offset_delta(0);
  auto refused = validate_record_batch(hand_made(set, 2, 0));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
}

TEST(record_batch, max_timestamp_must_match_the_records) {
  wire::RecordSet set;
  set.add_records()->set_timestamp_delta_ms(10);
  auto refused = validate_record_batch(hand_made(set, 1, 3));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
  EXPECT_TRUE(validate_record_batch(hand_made(set, 1, 10)));
}

TEST(record_batch, a_header_key_that_is_not_utf8_on_the_wire_is_bad_request) {
  wire::RecordSet set;
  set.add_records()->add_headers()->set_key(std::string{"\xFF\xFE"});
  auto refused = decode_record_batch(hand_made(set, 1, 0));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
}

} // namespace
} // namespace strom
