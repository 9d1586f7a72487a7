#pragma once
// Internal to the record batch codec: walks the top-level fields of an encoded
// RecordBatch without parsing the records, so that reading the header and
// stamping cost the same for 1 record as for 10,000.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/record_batch.hpp"

namespace strom::detail {

// Field numbers of messages/record.proto's RecordBatch.
namespace batch_fields {
enum batch_field : uint32_t {
  field_base_offset = 1,
  field_term = 2,
  field_base_timestamp = 3,
  field_max_timestamp = 4,
  field_producer_id = 5,
  field_producer_epoch = 6,
  field_base_sequence = 7,
  field_records_count = 8,
  field_attributes = 9,
  field_records_crc = 10,
  field_last_offset_delta = 11,
  field_records = 15,
};

// Field numbers of Record, Header and RecordSet.
constexpr uint32_t record_offset_delta = 1, record_timestamp_delta = 2, record_key = 3,
                   record_value = 4, record_headers = 5;
constexpr uint32_t header_key = 1, header_value = 2;
constexpr uint32_t set_records = 1;
} // namespace batch_fields

// bad_request, "invalid record batch: <what>": every check's refusal.
strom::error bad_batch(const std::string& what);

// Where a header field lives in the encoded batch, for patching in place.
struct batch_field_offsets {
  static constexpr size_t none = static_cast<size_t>(-1);
  size_t base_offset = none;
  size_t term = none;
  size_t max_timestamp = none;
  size_t attributes = none;
  size_t producer_id = none;
  size_t producer_epoch = none;
  size_t base_sequence = none;
};

struct scanned_batch {
  batch_header header;
  std::string_view records; // the encoded RecordSet
  batch_field_offsets offsets; // of each field's last occurrence
};

// bad_request when the bytes are not a well-formed RecordBatch at the top
// level (truncated, bad tags, a known field with the wrong wire type, groups).
result<scanned_batch> scan_record_batch(std::string_view batch);

// The records of a batch against its header: count, dense offset deltas,
// computable timestamps, the max timestamp of a CreateTime batch, header keys
// in UTF-8, and a wire structure any Protobuf reader parses the same way.
// Walks the bytes without parsing the records (record_set_check.cpp); with
// `out`, appends each record with its absolute offset and timestamp.
result<void> check_record_set(const batch_header& h, std::string_view records,
                              std::vector<stored_record>* out = nullptr);

// The same for records in Kafka's encoding, uncompressed
// (kafka_records_decode.cpp); header keys in UTF-8 as well.
result<void> check_kafka_records(const batch_header& h, std::string_view records,
                                 std::vector<stored_record>* out = nullptr);

// What every encoder refuses: no records, more than INT32_MAX of them, a
// header key that is not UTF-8.
result<void> check_encodable(const std::vector<record>& records);

// A producer's header for `records` (which check_encodable accepted): base
// offset and term 0, the first record's timestamp as base, their max, no
// attributes, no CRC yet.
batch_header producer_header(const std::vector<record>& records,
                             const producer_identity& producer);

// bad_request for attribute bits strom does not know (Kafka's transactional
// and control bits among them), for compression bits on a RecordSet, which is
// never compressed, and for codec numbers 5-7: nothing is misread silently.
result<void> check_attributes(uint32_t attributes);

} // namespace strom::detail
