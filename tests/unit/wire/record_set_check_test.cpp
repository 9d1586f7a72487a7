// The leader walks a batch's records instead of parsing them: whatever the
// walk accepts, a Protobuf reader must parse, with the same records, or a
// consumer would fail on a batch the leader took in.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "messages/record.pb.h"
#include "messages/record_batch.hpp"
#include "tests/unit/wire/batch_fixtures.hpp"
#include "tests/support/test_seed.hpp"

namespace strom {
namespace {

constexpr int64_t base_ms = 1'700'000'000'000;

// A batch around raw RecordSet bytes, its header made to agree with them
// wherever Protobuf can read them (count, max timestamp, CRC).
std::string batch_around(const std::string& set_bytes) {
  wire::RecordSet set;
  int32_t count = 1;
  int64_t max_ms = base_ms;
  if (set.ParseFromString(set_bytes)) {
    count = set.records_size();
    for (const auto& r : set.records())
      max_ms = std::max(max_ms, static_cast<int64_t>(static_cast<uint64_t>(base_ms) +
                                                     static_cast<uint64_t>(r.timestamp_delta_ms())));
  }
  wire::RecordBatch batch;
  batch.set_base_offset(0);
  batch.set_partition_leader_epoch(0);
  batch.set_base_timestamp_ms(base_ms);
  batch.set_max_timestamp_ms(max_ms);
  batch.set_producer_id(-1);
  batch.set_producer_epoch(-1);
  batch.set_base_sequence(-1);
  batch.set_records_count(count);
  batch.set_attributes(0);
  batch.set_records(set_bytes);
  batch.set_records_crc(crc32c(set_bytes));
  std::string out;
  batch.SerializeToString(&out);
  return out;
}

std::string set_of(const std::vector<std::string>& records) {
  std::string out;
  for (const auto& r : records) {
    out.push_back('\x0a');
    out.push_back(static_cast<char>(r.size())); // the tests keep them below 128 bytes
    out += r;
  }
  return out;
}

// The record as the decoder gives it, against Protobuf's reading of it.
void expect_same(const wire::Record& expected, const stored_record& got, const std::string& what) {
  EXPECT_EQ(got.offset.value(), expected.offset_delta()) << what;
  EXPECT_EQ(got.timestamp_ms, static_cast<int64_t>(static_cast<uint64_t>(base_ms) +
                                                   static_cast<uint64_t>(expected.timestamp_delta_ms())))
    << what;
  EXPECT_EQ(got.key.has_value(), expected.has_key()) << what;
  EXPECT_EQ(got.key.value_or(""), expected.key()) << what;
  EXPECT_EQ(got.value.has_value(), expected.has_value()) << what;
  EXPECT_EQ(got.value.value_or(""), expected.value()) << what;
  ASSERT_EQ(got.headers.size(), static_cast<size_t>(expected.headers_size())) << what;
  for (int i = 0; i < expected.headers_size(); ++i) {
    const auto& h = got.headers[static_cast<size_t>(i)];
    EXPECT_EQ(h.key, expected.headers(i).key()) << what;
    EXPECT_EQ(h.value.has_value(), expected.headers(i).has_value()) << what;
    EXPECT_EQ(h.value.value_or(""), expected.headers(i).value()) << what;
  }
}

// The walk accepts only what Protobuf parses; where both accept, the
// decoder's records are Protobuf's, field for field.
void expect_agreement(const std::string& set_bytes, const std::string& what) {
  auto batch = batch_around(set_bytes);
  auto validated = validate_record_batch(batch);
  auto decoded = decode_record_batch(batch);
  EXPECT_EQ(validated.has_value(), decoded.has_value()) << what;
  wire::RecordSet set;
  if (validated) {
    ASSERT_TRUE(set.ParseFromString(set_bytes)) << what << ": accepted, but Protobuf refuses it";
    ASSERT_TRUE(decoded) << what;
    ASSERT_EQ(decoded->size(), static_cast<size_t>(set.records_size())) << what;
    for (int i = 0; i < set.records_size(); ++i)
      expect_same(set.records(i), (*decoded)[static_cast<size_t>(i)], what);
  } else {
    EXPECT_EQ(validated.error().code, errc::bad_request) << what;
  }
}

bool accepted(const std::string& set_bytes) {
  return validate_record_batch(batch_around(set_bytes)).has_value();
}

TEST(record_set_check, takes_fields_in_any_order_and_the_last_of_a_repeated_scalar) {
  // value "v", keys "a" then "b", offset_delta 5 then 1 (the last of each
  // wins), and a header whose key comes twice.
  std::string second = std::string("\x22\x01v\x1a\x01" "a\x1a\x01" "b\x08\x05\x08\x01"
                                   "\x2a\x06\x0a\x01x\x0a\x01y", 21);
  auto bytes = set_of({std::string("\x22\x01v", 3), second});
  EXPECT_TRUE(accepted(bytes));
  expect_agreement(bytes, "reordered and repeated fields");
}

TEST(record_set_check, refuses_what_a_strict_reading_does_not_know) {
  const std::vector<std::pair<std::string, std::string>> cases = {
    {"unknown record field", std::string("\x30\x01", 2)},
    {"offset_delta as bytes", std::string("\x0a\x00", 2)},
    {"value as a varint", std::string("\x20\x01", 2)},
    {"a group", std::string("\x0b\x0c", 2)},
    {"header key not UTF-8", std::string("\x2a\x03\x0a\x01\xff", 5)},
    {"unknown header field", std::string("\x2a\x02\x18\x01", 4)},
    {"header longer than its record", std::string("\x2a\x05\x0a\x01k", 5)},
    {"length padded past 5 bytes", std::string("\x22\x81\x80\x80\x80\x80\x00v", 8)},
    {"field number 0", std::string("\x02\x00", 2)},
  };
  for (const auto& [what, record] : cases) {
    EXPECT_FALSE(accepted(set_of({record}))) << what;
    expect_agreement(set_of({record}), what);
  }
  EXPECT_FALSE(accepted(std::string("\x12\x00", 2))) << "unknown record set field";
  EXPECT_FALSE(accepted(std::string("\x0a\x05\x22\x01", 4))) << "record beyond the end";
}

TEST(record_set_check, random_damage_with_a_fixed_crc_never_passes_what_protobuf_refuses) {
  std::vector<record> records(6);
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].timestamp_ms = base_ms + static_cast<int64_t>(i) * 10;
    records[i].key = std::string(i, 'k');
    records[i].value = std::string(3 + i, 'v');
    if (i % 2 == 0)
      records[i].headers = {{"h", std::string{"x"}}, {"é", std::nullopt}};
  }
  auto scanned = wire::RecordBatch{};
  ASSERT_TRUE(scanned.ParseFromString(test::encoded(records)));
  const std::string original = scanned.records();
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937_64 random(seed);
  int accepted_damaged = 0;
  for (int round = 0; round < 20'000; ++round) {
    auto bytes = original;
    for (int k = 1 + static_cast<int>(random() % 3); k > 0; --k)
      bytes[random() % bytes.size()] = static_cast<char>(random());
    if (random() % 4 == 0)
      bytes.resize(random() % bytes.size());
    expect_agreement(bytes, "round " + std::to_string(round));
    accepted_damaged += bytes != original && accepted(bytes) ? 1 : 0;
  }
  // Damage to keys, values and header values is still a batch: some must pass.
  EXPECT_GT(accepted_damaged, 100);
}

} // namespace
} // namespace strom
