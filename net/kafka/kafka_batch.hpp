#pragma once
// Kafka's RecordBatch v2 at the door: batches a client produced, checked
// (magic 2, lengths, CRC-32C over attributes..end) and carried into strom's
// own batch with their records bytes untouched, compressed or not
// (messages/kafka_records.hpp); and strom's batches framed back as Kafka
// batches for Fetch, without decoding records that are Kafka-encoded
// already.
//
// v2 header: base_offset int64, batch_length int32, partition_leader_epoch
// int32, magic int8, crc uint32, attributes int16, last_offset_delta int32,
// base_timestamp int64, max_timestamp int64, producer_id int64,
// producer_epoch int16, base_sequence int32, records_count int32, records.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace strom::kafka {

// The byte of a batch that holds its magic, and the only magic taken.
inline constexpr size_t batch_magic_at = 16;
inline constexpr int8_t batch_magic_v2 = 2;

// Attribute bits of Kafka's batches that strom does not take: transactions
// and control batches (no transaction coordinator).
inline constexpr int16_t batch_attribute_transactional = 0x10;
inline constexpr int16_t batch_attribute_control = 0x20;

// Each batch of a partition's records, as a strom batch ready to produce.
// bad_request for bytes that are not whole v2 batches with a good CRC;
// an empty input is no batch at all (bad_request too).
result<std::vector<std::string>> kafka_batches_to_strom(std::string_view records);

// A strom batch from the log as one Kafka v2 batch, appended to `out`
// (unchanged on an error): the records copied once, their CRC reused.
result<void> append_kafka_batch(std::string& out, std::string_view batch);

// The same, as a string of its own.
result<std::string> strom_batch_to_kafka(std::string_view batch);

} // namespace strom::kafka
