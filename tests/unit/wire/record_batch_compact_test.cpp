// A batch compacted by the log: the records kept, at the offsets they had,
// the span and the producer's last sequence unchanged, in either encoding
// and compressed as it came; and never taken from a producer.

#include <gtest/gtest.h>

#include <climits>

#include "messages/kafka_records.hpp"
#include "messages/record_batch.hpp"
#include "messages/record_batch_compact.hpp"

namespace strom {
namespace {

std::vector<record> five_records() {
  std::vector<record> out;
  for (int i = 0; i < 5; ++i) {
    std::optional<std::string> value = "v" + std::to_string(i);
    if (i == 3)
      value.reset(); // a tombstone
    out.push_back(record{"k" + std::to_string(i % 2), value, {{"h", std::to_string(i)}}, 100 + i});
  }
  return out;
}

// Five records at offsets 40..44 from producer 9, sequence 7.
std::string stored_batch(compression_codec codec) {
  auto batch = encode_record_batch(five_records(), producer_identity{9, 1, 7}, codec);
  EXPECT_TRUE(batch);
  EXPECT_TRUE(stamp_record_batch(*batch, {record_offset{40}, term_id{3}, std::nullopt}));
  return *batch;
}

bool odd_offsets(const stored_record& r) { return r.offset.value() % 2 == 1; }

class compact_batch : public ::testing::TestWithParam<compression_codec> {};

TEST_P(compact_batch, keeps_records_at_their_offsets_and_the_span) {
  auto original = stored_batch(GetParam());
  auto compacted = compact_record_batch(original, odd_offsets);
  ASSERT_TRUE(compacted) << compacted.error().describe();
  ASSERT_TRUE(*compacted);
  auto header = read_batch_header(**compacted);
  ASSERT_TRUE(header);
  EXPECT_TRUE(header->compacted());
  EXPECT_EQ(header->records_count, 2);
  EXPECT_EQ(header->base_offset, record_offset{40});
  EXPECT_EQ(header->last_offset(), record_offset{44}) << "offsets never move";
  EXPECT_EQ(header->last_sequence(), 11) << "the producer's last sequence stays";
  EXPECT_EQ(header->term, term_id{3});
  EXPECT_EQ(header->max_timestamp_ms, 104);
  if (GetParam() != compression_codec::none) {
    auto codec = compression_codec_of_bits(header->attributes);
    ASSERT_TRUE(codec);
    EXPECT_EQ(*codec, GetParam()) << "compressed as it came";
  }
  auto records = decode_record_batch(**compacted);
  ASSERT_TRUE(records) << records.error().describe();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].offset, record_offset{41});
  EXPECT_EQ(*(*records)[0].value, "v1");
  EXPECT_EQ((*records)[0].timestamp_ms, 101);
  EXPECT_EQ((*records)[0].headers, (std::vector<record_header>{{"h", "1"}}));
  EXPECT_EQ((*records)[1].offset, record_offset{43});
  EXPECT_FALSE((*records)[1].value) << "a tombstone stays a tombstone";
}

TEST_P(compact_batch, may_keep_nothing_and_still_spans_its_offsets) {
  auto emptied = compact_record_batch(stored_batch(GetParam()),
                                      [](const stored_record&) { return false; });
  ASSERT_TRUE(emptied);
  ASSERT_TRUE(*emptied);
  auto header = read_batch_header(**emptied);
  EXPECT_EQ(header->records_count, 0);
  EXPECT_EQ(header->next_offset(), record_offset{45});
  auto records = decode_record_batch(**emptied);
  ASSERT_TRUE(records) << records.error().describe();
  EXPECT_TRUE(records->empty());
  // Compacting again keeps what is left.
  auto again = compact_record_batch(**emptied, odd_offsets);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again) << "nothing to remove: the batch stays as it is";
}

INSTANTIATE_TEST_SUITE_P(codecs, compact_batch,
                         ::testing::Values(compression_codec::none, compression_codec::gzip,
                                           compression_codec::zstd));

TEST(compact_batch_checks, a_batch_that_keeps_everything_is_left_alone) {
  auto kept = compact_record_batch(stored_batch(compression_codec::none),
                                   [](const stored_record&) { return true; });
  ASSERT_TRUE(kept);
  EXPECT_FALSE(*kept);
}

TEST(compact_batch_checks, a_log_append_time_batch_reads_at_its_time_after) {
  auto batch = encode_record_batch(five_records());
  // An append time so far from the producer's that a delta from the base
  // timestamp overflows: the records' deltas must not be made from it.
  constexpr int64_t appended_ms = INT64_MIN + 50;
  ASSERT_TRUE(stamp_record_batch(*batch, {record_offset{0}, term_id{1}, appended_ms}));
  auto compacted = compact_record_batch(*batch, odd_offsets);
  ASSERT_TRUE(compacted && *compacted);
  auto records = decode_record_batch(**compacted);
  ASSERT_TRUE(records) << records.error().describe();
  ASSERT_EQ(records->size(), 2u);
  for (const auto& r : *records)
    EXPECT_EQ(r.timestamp_ms, appended_ms);
}

TEST(compact_batch_checks, a_producer_cannot_send_a_compacted_batch) {
  auto compacted = compact_record_batch(stored_batch(compression_codec::none), odd_offsets);
  ASSERT_TRUE(compacted && *compacted);
  auto refused = validate_record_batch(**compacted);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
}

TEST(compact_batch_checks, records_out_of_the_span_are_refused) {
  batch_header h;
  h.base_offset = record_offset{10};
  h.records_count = 2;
  h.compacted_last_delta = 1;
  // Offset deltas 0 and 2 in a span of 0..1.
  std::vector<stored_record> records(2);
  records[0].offset = record_offset{10};
  records[0].key = "a";
  records[1].offset = record_offset{12};
  records[1].key = "b";
  auto bytes = encode_kafka_records(records, h.base_offset, 0);
  auto wrapped = wrap_kafka_records(h, bytes);
  ASSERT_TRUE(wrapped);
  auto decoded = decode_record_batch(*wrapped);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("offset_delta 2"), std::string::npos)
    << decoded.error().message;
  h.compacted_last_delta = 0; // two records cannot fit one offset
  wrapped = wrap_kafka_records(h, bytes);
  ASSERT_TRUE(wrapped);
  EXPECT_FALSE(decode_record_batch(*wrapped));
}

} // namespace
} // namespace strom
