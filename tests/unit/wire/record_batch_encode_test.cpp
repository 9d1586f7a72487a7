// The batch encoder writes the wire bytes itself, without Protobuf messages:
// they must be exactly what Protobuf writes for the same records, so that any
// Protobuf reader (the consumer's decoder among them) reads the same batch.

#include <gtest/gtest.h>

#include <algorithm>

#include "messages/record.pb.h"
#include "messages/record_batch.hpp"
#include "tests/unit/wire/batch_fixtures.hpp"

namespace strom {
namespace {

// The same batch built as Protobuf messages and serialized by Protobuf.
std::string protobuf_bytes(const std::vector<record>& records, const producer_identity& producer) {
  int64_t base = records.front().timestamp_ms, max = base;
  wire::RecordSet set;
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& in = records[i];
    auto* out = set.add_records();
    out->set_offset_delta(static_cast<int32_t>(i));
    out->set_timestamp_delta_ms(static_cast<int64_t>(static_cast<uint64_t>(in.timestamp_ms) -
                                                     static_cast<uint64_t>(base)));
    if (in.key)
      out->set_key(*in.key);
    if (in.value)
      out->set_value(*in.value);
    for (const auto& h : in.headers) {
      auto* header = out->add_headers();
      header->set_key(h.key);
      if (h.value)
        header->set_value(*h.value);
    }
    max = std::max(max, in.timestamp_ms);
  }
  wire::RecordBatch batch;
  set.SerializeToString(batch.mutable_records());
  batch.set_base_offset(0);
  batch.set_partition_leader_epoch(0);
  batch.set_base_timestamp_ms(base);
  batch.set_max_timestamp_ms(max);
  batch.set_producer_id(producer.producer_id);
  batch.set_producer_epoch(producer.producer_epoch);
  batch.set_base_sequence(producer.base_sequence);
  batch.set_records_count(static_cast<int32_t>(records.size()));
  batch.set_attributes(0);
  batch.set_records_crc(crc32c(batch.records()));
  std::string out;
  batch.SerializeToString(&out);
  return out;
}

// Lengths on both sides of each varint width, timestamps before and after
// the first, every header shape, and offset deltas past one varint byte.
std::vector<record> varied_records() {
  std::vector<record> records;
  const size_t sizes[] = {0, 1, 127, 128, 16383, 16384, 70000};
  for (size_t i = 0; i < 300; ++i) {
    record r;
    r.timestamp_ms = 1'700'000'000'000 + static_cast<int64_t>(i % 7) * 1000 - 3000;
    if (i % 5 != 1)
      r.key = std::string(i % 3, 'k');
    if (i % 11 != 4)
      r.value = std::string(sizes[i % 7], static_cast<char>('a' + i % 26));
    if (i % 4 == 0)
      r.headers = {{"trace", std::string{"x"}}, {"", std::nullopt}, {"n", std::string{}}};
    records.push_back(std::move(r));
  }
  return records;
}

TEST(record_batch_encode, writes_what_protobuf_writes) {
  const producer_identity producers[] = {{}, {42, 3, 7}, {INT64_MAX, -2, INT32_MAX}};
  for (const auto& producer : producers) {
    for (const auto& records : {test::three_records(), varied_records()}) {
      auto bytes = encode_record_batch(records, producer);
      ASSERT_TRUE(bytes) << bytes.error().describe();
      EXPECT_EQ(*bytes, protobuf_bytes(records, producer))
        << records.size() << " records, producer " << producer.producer_id;
    }
  }
}

TEST(record_batch_encode, one_record_alone_and_extreme_timestamps) {
  std::vector<record> records(2);
  records[0].timestamp_ms = INT64_MIN;
  records[1].timestamp_ms = INT64_MAX; // the delta wraps, as decoding expects
  auto bytes = encode_record_batch(records);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, protobuf_bytes(records, {}));
  records.resize(1);
  EXPECT_EQ(*encode_record_batch(records), protobuf_bytes(records, {}));
}

TEST(record_batch_encode, varied_records_read_back) {
  auto records = varied_records();
  auto decoded = decode_record_batch(test::encoded(records), {size_t{64} << 20});
  ASSERT_TRUE(decoded) << decoded.error().describe();
  ASSERT_EQ(decoded->size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ((*decoded)[i].key, records[i].key) << i;
    EXPECT_EQ((*decoded)[i].value, records[i].value) << i;
    EXPECT_EQ((*decoded)[i].headers, records[i].headers) << i;
    EXPECT_EQ((*decoded)[i].timestamp_ms, records[i].timestamp_ms) << i;
  }
}

} // namespace
} // namespace strom
