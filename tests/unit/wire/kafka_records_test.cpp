// Kafka's record encoding inside strom batches: bytes written by hand from
// the spec decode to the right records, every codec's batch passes the
// leader's checks and the consumer's decoding, stamping keeps working, and
// whatever is wrong (CRC, count, offsets, attributes, codec) is refused.

#include <gtest/gtest.h>

#include "messages/kafka_records.hpp"
#include "tests/unit/wire/batch_fixtures.hpp"

namespace strom {
namespace {

const compression_codec every_codec[] = {compression_codec::none, compression_codec::gzip,
                                         compression_codec::snappy, compression_codec::lz4,
                                         compression_codec::zstd};

// One record, written by hand from the spec: length 17 (zigzag 0x22),
// attributes 0, timestamp delta 5 (0x0a), offset delta 0, key "k", value "v",
// two headers: h1 = "x", and h2 with a null value (length -1, zigzag 0x01).
const std::string one_record_bytes{"\x22\x00\x0a\x00\x02k\x02v\x04"
                                   "\x04h1\x02x"
                                   "\x04h2\x01",
                                   18};

batch_header one_record_header() {
  batch_header h;
  h.base_offset = record_offset{7};
  h.base_timestamp_ms = 1000;
  h.max_timestamp_ms = 1005;
  h.records_count = 1;
  return h;
}

record one_record() {
  return record{std::string{"k"}, std::string{"v"},
                {{"h1", std::string{"x"}}, {"h2", std::nullopt}}, 1005};
}

std::string wrapped(const batch_header& h, std::string_view records) {
  auto bytes = wrap_kafka_records(h, records);
  if (!bytes)
    throw std::runtime_error(bytes.error().describe());
  return *bytes;
}

// The encoder's fixed layout: attributes (field 9) follow five fixed64 and
// three fixed32 fields, each with its one-byte tag.
constexpr size_t attributes_at = 5 * (1 + 8) + 3 * (1 + 4) + 1;

void set_attributes(std::string& batch, uint32_t attributes) {
  for (size_t i = 0; i < 4; ++i)
    batch[attributes_at + i] = static_cast<char>((attributes >> (8 * i)) & 0xFFu);
}

void expect_bad_request(std::string_view batch, const char* what) {
  auto valid = validate_record_batch(batch);
  ASSERT_FALSE(valid) << what << " was accepted";
  EXPECT_EQ(valid.error().code, errc::bad_request) << what << ": " << valid.error().describe();
  EXPECT_FALSE(decode_record_batch(batch)) << what << " was decoded";
}

void expect_same(const std::vector<record>& sent, const std::vector<stored_record>& got,
                 int64_t base_offset) {
  ASSERT_EQ(got.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(got[i].offset, record_offset{base_offset + static_cast<int64_t>(i)}) << i;
    EXPECT_EQ(got[i].timestamp_ms, sent[i].timestamp_ms) << "record " << i;
    EXPECT_EQ(got[i].key, sent[i].key) << "record " << i;
    EXPECT_EQ(got[i].value, sent[i].value) << "record " << i;
    EXPECT_EQ(got[i].headers, sent[i].headers) << "record " << i;
  }
}

TEST(kafka_records, bytes_written_from_the_spec_decode_to_the_record) {
  auto decoded = decode_kafka_records(one_record_bytes, one_record_header());
  ASSERT_TRUE(decoded) << decoded.error().describe();
  expect_same({one_record()}, *decoded, 7);
}

TEST(kafka_records, the_encoder_writes_the_spec_bytes) {
  EXPECT_EQ(encode_kafka_records({one_record()}, 1000), one_record_bytes);
}

TEST(kafka_records, null_keys_tombstones_headers_and_earlier_timestamps_come_back) {
  auto records = test::three_records(); // the third is earlier than the first
  auto plain = encode_kafka_records(records, records[0].timestamp_ms);
  batch_header h;
  h.base_offset = record_offset{50};
  h.base_timestamp_ms = records[0].timestamp_ms;
  h.max_timestamp_ms = records[1].timestamp_ms;
  h.records_count = 3;
  auto decoded = decode_kafka_records(plain, h);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  expect_same(records, *decoded, 50);
}

TEST(kafka_records, malformed_records_are_refused) {
  auto h = one_record_header();
  auto longer = one_record_bytes;
  longer[0] = '\x24'; // says 18 bytes, 17 follow
  EXPECT_FALSE(decode_kafka_records(longer, h)) << "a length beyond the end";
  EXPECT_FALSE(decode_kafka_records(one_record_bytes + std::string(1, '\0'), h))
    << "bytes left over";
  auto shorter = one_record_bytes;
  shorter[0] = '\x20'; // says 16 bytes: the last header's value is cut off
  EXPECT_FALSE(decode_kafka_records(shorter, h)) << "a length short of its fields";
  auto bad_key = one_record_bytes;
  bad_key[11] = '\xff'; // "h1" -> "h\xff"
  EXPECT_FALSE(decode_kafka_records(bad_key, h)) << "a header key that is not UTF-8";
  EXPECT_FALSE(decode_kafka_records(std::string(12, '\xff'), h)) << "a varint of 12 bytes";
}

TEST(kafka_records, every_codecs_batch_validates_decodes_and_stamps) {
  auto records = test::three_records();
  for (auto codec : every_codec) {
    auto bytes = encode_record_batch(records, producer_identity{42, 3, 7}, codec);
    ASSERT_TRUE(bytes) << to_string(codec) << ": " << bytes.error().describe();
    auto header = validate_record_batch(*bytes);
    ASSERT_TRUE(header) << to_string(codec) << ": " << header.error().describe();
    EXPECT_EQ(header->records_count, 3);
    EXPECT_EQ(header->producer.producer_id, 42);
    EXPECT_EQ(header->max_timestamp_ms, records[1].timestamp_ms);
    EXPECT_EQ(compression_codec_of_bits(header->attributes), codec);
    ASSERT_TRUE(stamp_record_batch(*bytes, {record_offset{1000}, term_id{4}, std::nullopt}));
    auto decoded = decode_record_batch(*bytes);
    ASSERT_TRUE(decoded) << to_string(codec) << ": " << decoded.error().describe();
    expect_same(records, *decoded, 1000);
  }
}

TEST(kafka_records, log_append_time_stamps_every_codecs_records) {
  for (auto codec : every_codec) {
    auto bytes = *encode_record_batch(test::three_records(), {}, codec);
    ASSERT_TRUE(stamp_record_batch(bytes, {record_offset{5}, term_id{1}, int64_t{77}}));
    auto decoded = decode_record_batch(bytes);
    ASSERT_TRUE(decoded) << to_string(codec) << ": " << decoded.error().describe();
    for (const auto& r : *decoded)
      EXPECT_EQ(r.timestamp_ms, 77) << to_string(codec);
  }
}

TEST(kafka_records, a_wrapped_batch_keeps_its_bytes_and_reads_back_raw) {
  auto h = one_record_header();
  h.attributes = static_cast<uint32_t>(compression_codec::gzip);
  auto packed = *compress(compression_codec::gzip, one_record_bytes);
  auto batch = wrapped(h, packed);
  auto raw = read_raw_batch(batch);
  ASSERT_TRUE(raw) << raw.error().describe();
  EXPECT_EQ(raw->records, packed);
  EXPECT_EQ(raw->header.attributes, batch_attribute_kafka_records | 1u);
  EXPECT_EQ(raw->header.records_crc, crc32c(packed)) << "the CRC is over the stored bytes";
  auto decoded = decode_record_batch(batch);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  expect_same({one_record()}, *decoded, 7);
}

TEST(kafka_records, a_corrupt_crc_is_refused) {
  auto batch = *encode_record_batch(test::three_records(), {}, compression_codec::zstd);
  batch.back() = static_cast<char>(batch.back() ^ 0x01);
  expect_bad_request(batch, "a flipped bit in the compressed records");
}

TEST(kafka_records, offset_deltas_not_dense_from_zero_are_refused) {
  auto bytes = one_record_bytes;
  bytes[3] = '\x02'; // offset delta 1
  expect_bad_request(wrapped(one_record_header(), bytes), "offset delta 1 for the first record");
}

TEST(kafka_records, a_count_other_than_the_records_is_refused) {
  auto h = one_record_header();
  h.records_count = 2;
  expect_bad_request(wrapped(h, one_record_bytes), "records_count 2 for one record");
}

TEST(kafka_records, a_max_timestamp_other_than_the_records_is_refused) {
  auto h = one_record_header();
  h.max_timestamp_ms = 1006;
  expect_bad_request(wrapped(h, one_record_bytes), "max_timestamp_ms 1006 for 1005");
}

TEST(kafka_records, unknown_attribute_bits_are_refused) {
  auto h = one_record_header();
  for (uint32_t kafka_bit : {0x10u, 0x20u, 0x40u}) { // transactional, control, unused
    h.attributes = kafka_bit;
    EXPECT_FALSE(wrap_kafka_records(h, one_record_bytes)) << kafka_bit;
    auto batch = wrapped(one_record_header(), one_record_bytes);
    set_attributes(batch, batch_attribute_kafka_records | kafka_bit);
    expect_bad_request(batch, "an unknown attribute bit");
  }
  auto own = test::encoded(test::three_records());
  set_attributes(own, static_cast<uint32_t>(compression_codec::gzip));
  expect_bad_request(own, "a compressed RecordSet");
}

TEST(kafka_records, codec_numbers_5_to_7_are_refused) {
  for (uint32_t bits = 5; bits <= 7; ++bits) {
    auto h = one_record_header();
    h.attributes = bits;
    EXPECT_FALSE(wrap_kafka_records(h, one_record_bytes)) << bits;
    auto batch = wrapped(one_record_header(), one_record_bytes);
    set_attributes(batch, batch_attribute_kafka_records | bits);
    expect_bad_request(batch, "codec 5-7");
  }
}

TEST(kafka_records, records_decompressing_far_beyond_the_limit_are_refused) {
  record big{std::nullopt, std::string(512u << 10, 'z'), {}, 1};
  auto batch = *encode_record_batch({big}, {}, compression_codec::gzip);
  batch_limits small{4096};
  ASSERT_LT(batch.size(), small.batch_bytes_max) << "the batch itself fits the limit";
  auto valid = validate_record_batch(batch, small);
  ASSERT_FALSE(valid) << "512 KiB of records from a batch limited to 4 KiB";
  EXPECT_EQ(valid.error().code, errc::bad_request);
  EXPECT_TRUE(validate_record_batch(batch)) << "within the default limit's bound";
}

} // namespace
} // namespace strom
