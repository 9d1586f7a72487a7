// Kafka's batches in and out of strom's: a batch that came through the door
// goes back out byte for byte (its CRC made from the stored records' own),
// and a batch of another door comes out as a batch Kafka's checks accept.

#include <gtest/gtest.h>

#include "messages/kafka_records.hpp"
#include "messages/record_batch.hpp"
#include "messages/record_batch_compact.hpp"
#include "net/kafka/kafka_batch.hpp"
#include "net/kafka/wire_reader.hpp"

namespace strom::kafka {
namespace {

// base_offset + batch_length + partition_leader_epoch: what the leader and
// the log change; the rest is what the producer sent.
constexpr size_t assigned_prefix_bytes = 16;

std::string native_batch() {
  auto batch = encode_record_batch({record{std::string{"k"}, "value", {{"h", "x"}}, 7},
                                    record{std::nullopt, std::nullopt, {}, 9}});
  EXPECT_TRUE(batch);
  return batch ? *batch : std::string{};
}

TEST(kafka_batch, a_batch_taken_in_goes_back_out_as_it_came) {
  auto kafka_form = strom_batch_to_kafka(native_batch());
  ASSERT_TRUE(kafka_form);
  auto stored = kafka_batches_to_strom(*kafka_form); // checks the CRC on the way in
  ASSERT_TRUE(stored) << stored.error().message;
  ASSERT_EQ(stored->size(), 1u);
  auto header = read_batch_header(stored->front());
  ASSERT_TRUE(header);
  EXPECT_NE(header->attributes & strom::batch_attribute_kafka_records, 0u) << "kept as Kafka's";
  auto back = strom_batch_to_kafka(stored->front());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->substr(assigned_prefix_bytes), kafka_form->substr(assigned_prefix_bytes));
  EXPECT_TRUE(kafka_batches_to_strom(*back)) << "the CRC made from the records' own holds";
}

TEST(kafka_batch, batches_append_back_to_back_and_a_bad_one_leaves_the_rest) {
  auto stored = kafka_batches_to_strom(*strom_batch_to_kafka(native_batch()));
  ASSERT_TRUE(stored);
  std::string out;
  ASSERT_TRUE(append_kafka_batch(out, stored->front()));
  ASSERT_TRUE(append_kafka_batch(out, native_batch()));
  auto both = kafka_batches_to_strom(out);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->size(), 2u);
  auto before = out;
  EXPECT_FALSE(append_kafka_batch(out, "not a batch"));
  EXPECT_EQ(out, before);
}

TEST(kafka_batch, a_record_changed_after_the_crc_is_refused) {
  auto kafka_form = strom_batch_to_kafka(native_batch());
  ASSERT_TRUE(kafka_form);
  auto torn = *kafka_form;
  torn[torn.size() - 3] ^= 0x40;
  auto refused = kafka_batches_to_strom(torn);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("CRC"), std::string::npos);
}

// A batch the log compacted goes out as Kafka's own cleaner leaves one: its
// span in last_offset_delta, fewer records at their own offset deltas, so a
// client moves past all of it.
TEST(kafka_batch, a_compacted_batch_keeps_its_span_on_the_wire) {
  auto stamped = native_batch();
  ASSERT_TRUE(stamp_record_batch(stamped, {record_offset{20}, term_id{2}, std::nullopt}));
  auto compacted = compact_record_batch(
    stamped, [](const stored_record& r) { return r.offset.value() == 21; });
  ASSERT_TRUE(compacted && *compacted);
  auto kafka_form = strom_batch_to_kafka(**compacted);
  ASSERT_TRUE(kafka_form) << kafka_form.error().message;
  wire_reader r{*kafka_form, false};
  EXPECT_EQ(r.int64(), 20);                          // base_offset
  r.int32();                                         // batch_length
  r.int32();                                         // partition_leader_epoch
  EXPECT_EQ(r.int8(), 2);                            // magic
  r.int32();                                         // crc
  r.int16();                                         // attributes
  EXPECT_EQ(r.int32(), 1) << "last_offset_delta: the batch spans 20..21";
  r.int64();
  r.int64();
  r.int64();
  r.int16();
  r.int32();
  EXPECT_EQ(r.int32(), 1) << "records_count: one record kept";
  ASSERT_FALSE(r.failed());
  // The one record, its offset delta 1 (Kafka's record: length, attributes,
  // timestamp delta, offset delta).
  r.varint();
  r.int8();
  r.varlong();
  EXPECT_EQ(r.varint(), 1);
}

} // namespace
} // namespace strom::kafka
