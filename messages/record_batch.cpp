// The checks a leader and a consumer make before trusting a batch, and the
// consumer's decoding: both are the walk of record_set_check.cpp, or of
// kafka_records_decode.cpp for Kafka-encoded records (decompressed first).
// Encoding: record_batch_encode.cpp; header reading and stamping:
// record_batch_stamp.cpp.

#include "messages/record_batch.hpp"

#include <climits>

#include "messages/kafka_records.hpp"
#include "messages/record_batch_scan.hpp"

namespace strom {
namespace {

using detail::bad_batch;

constexpr uint32_t known_attributes = batch_attribute_compression_mask |
                                      batch_attribute_log_append_time |
                                      batch_attribute_kafka_records;

// A producer's batch holds a record per offset it spans; a compacted one
// holds at most that many, maybe none.
result<void> check_span(const batch_header& h) {
  if (!h.compacted())
    return h.records_count >= 1 ? result<void>{}
                                : bad_batch("records_count " + std::to_string(h.records_count));
  if (h.records_count < 0 || *h.compacted_last_delta < 0 ||
      int64_t{h.records_count} > int64_t{*h.compacted_last_delta} + 1)
    return bad_batch("records_count " + std::to_string(h.records_count) +
                     " in a compacted batch with last_offset_delta " +
                     std::to_string(*h.compacted_last_delta));
  return {};
}

result<void> check_header(const batch_header& h, std::string_view records) {
  if (auto ok = detail::check_attributes(h.attributes); !ok)
    return ok.error();
  if (auto ok = check_span(h); !ok)
    return ok.error();
  int64_t span = int64_t{h.last_offset_delta()} + 1;
  if (h.base_offset.value() < 0 || h.base_offset.value() > INT64_MAX - span)
    return bad_batch("base_offset " + std::to_string(h.base_offset.value()));
  if (h.term.value() < 0)
    return bad_batch("negative term");
  if (crc32c(records) != h.records_crc)
    return bad_batch("records CRC mismatch");
  return {};
}

// Saturating: a consumer that relies on the leader's check passes SIZE_MAX.
size_t decompressed_bytes_max(const batch_limits& limits) {
  if (limits.batch_bytes_max > SIZE_MAX / decompressed_bytes_factor)
    return SIZE_MAX;
  return limits.batch_bytes_max * decompressed_bytes_factor;
}

// The records in whichever encoding the attributes name, decompressed first.
result<void> check_records(const batch_header& h, std::string_view records,
                           const batch_limits& limits, std::vector<stored_record>* out) {
  if (!(h.attributes & batch_attribute_kafka_records))
    return detail::check_record_set(h, records, out);
  auto codec = compression_codec_of_bits(h.attributes);
  if (codec == compression_codec::none)
    return detail::check_kafka_records(h, records, out);
  auto plain = decompress(*codec, records, decompressed_bytes_max(limits));
  if (!plain)
    return bad_batch("records: " + plain.error().message);
  return detail::check_kafka_records(h, *plain, out);
}

// Everything validate_record_batch promises; the records are walked, not
// parsed, and copied into `out` when it is given.
result<detail::scanned_batch> check_batch(std::string_view batch, const batch_limits& limits,
                                          std::vector<stored_record>* out = nullptr) {
  if (batch.size() > limits.batch_bytes_max)
    return strom::error{errc::record_too_large,
                        "batch of " + std::to_string(batch.size()) + " bytes above the limit of "
                          + std::to_string(limits.batch_bytes_max) + " bytes"};
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  if (auto ok = check_header(scanned->header, scanned->records); !ok)
    return ok.error();
  if (auto ok = check_records(scanned->header, scanned->records, limits, out); !ok)
    return ok.error();
  return scanned;
}

} // namespace

namespace detail {

result<void> check_attributes(uint32_t attributes) {
  if (attributes & ~known_attributes)
    return bad_batch("unknown attribute bits " + std::to_string(attributes & ~known_attributes));
  bool kafka_records = attributes & batch_attribute_kafka_records;
  if (!kafka_records && (attributes & batch_attribute_compression_mask))
    return bad_batch("a RecordSet is never compressed");
  if (!compression_codec_of_bits(attributes))
    return bad_batch("no codec numbered " +
                     std::to_string(attributes & batch_attribute_compression_mask));
  return {};
}

} // namespace detail

result<batch_header> validate_record_batch(std::string_view batch, const batch_limits& limits) {
  auto checked = check_batch(batch, limits);
  if (!checked)
    return checked.error();
  if (checked->header.compacted())
    return bad_batch("last_offset_delta is the log's own, for compacted batches");
  return checked->header;
}

result<std::vector<stored_record>> decode_record_batch(std::string_view batch,
                                                       const batch_limits& limits) {
  std::vector<stored_record> out;
  if (auto checked = check_batch(batch, limits, &out); !checked)
    return checked.error();
  return out;
}

} // namespace strom
