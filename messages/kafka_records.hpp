#pragma once
// Kafka's record encoding (RecordBatch v2's records section): per record a
// zigzag varint length, attributes int8, timestamp delta varlong, offset delta
// varint, key and value (varint length, -1 null), header count varint, then
// headers (varint-length key, varint-length value, -1 null).
//
// A strom batch (messages/record.proto) may carry its records in this
// encoding instead of its own RecordSet: the attribute
// batch_attribute_kafka_records says so, and bits 0-2 then name the
// compression of the records bytes (messages/compression.hpp). That is how a
// batch from a Kafka client is stored as it came, compressed or not, and how
// strom's own producer compresses. validate_record_batch and
// decode_record_batch read both encodings with the same checks.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/compression.hpp"
#include "messages/record_batch.hpp"

namespace strom {

// The records field holds Kafka-encoded records (compressed by bits 0-2).
inline constexpr uint32_t batch_attribute_kafka_records = 0x10000;
inline constexpr uint32_t batch_attribute_compression_mask = 0x7;

// How much the records of a compressed batch may grow when decompressed, as
// a multiple of the batch limit (limits.batch_bytes_max). Batches of real
// records (text, JSON, logs) compress 3 to 20 times; 64 leaves room for
// very repetitive data, while a batch that a node or consumer checks never
// takes more than 64 MiB of memory under the default limit of 1 MiB.
// strom's own producer never comes near it: it fills a batch by the
// uncompressed size.
inline constexpr size_t decompressed_bytes_factor = 64;

// Encodes a producer's batch as encode_record_batch(records, producer) for
// `none` (strom's RecordSet); for a codec, as Kafka-encoded records
// compressed with it.
result<std::string> encode_record_batch(const std::vector<record>& records,
                                        const producer_identity& producer,
                                        compression_codec codec);

// The records in Kafka's encoding, uncompressed: offset deltas 0, 1, ...;
// timestamp deltas from base_timestamp_ms.
std::string encode_kafka_records(const std::vector<record>& records, int64_t base_timestamp_ms);

// Records read back, at the offsets they have: each one's offset delta is
// its offset minus base_offset (gaps where a compaction removed records).
std::string encode_kafka_records(const std::vector<stored_record>& records,
                                 record_offset base_offset, int64_t base_timestamp_ms);

// `count` records in Kafka's encoding (uncompressed), with absolute offsets
// and timestamps from the header. bad_request for anything malformed (a
// record whose length does not match its fields, bytes left over, a count
// that does not match, offset deltas not dense from 0).
result<std::vector<stored_record>> decode_kafka_records(std::string_view records,
                                                        const batch_header& header);

// A strom batch around Kafka-encoded records as they came: the header's
// fields (base offset and term as given; the leader stamps them), its
// attributes with batch_attribute_kafka_records added, `records` stored as
// given, records_crc over them. For the Kafka door's produce path.
result<std::string> wrap_kafka_records(const batch_header& header, std::string_view records);

// A batch's header and its records bytes untouched (a RecordSet, or Kafka
// records, maybe compressed, by the attributes). For the Kafka door's fetch
// path, which re-frames them as Kafka's RecordBatch without decoding.
struct raw_batch {
  batch_header header;
  std::string_view records;
};
result<raw_batch> read_raw_batch(std::string_view batch);

} // namespace strom
