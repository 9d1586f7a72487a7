#pragma once
// Internal to the record batch codec: walks the top-level fields of an encoded
// RecordBatch without parsing the records, so that reading the header and
// stamping cost the same for 1 record as for 10,000.

#include <cstddef>
#include <string_view>

#include "messages/record_batch.hpp"

namespace strom::detail {

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

} // namespace strom::detail
