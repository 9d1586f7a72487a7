// The checks a leader and a consumer make before trusting a batch, and the
// consumer's decoding. Encoding: record_batch_encode.cpp; header reading and
// stamping: record_batch_stamp.cpp.

#include "messages/record_batch.hpp"

#include <algorithm>
#include <climits>

#include "messages/record.pb.h"
#include "messages/record_batch_scan.hpp"

namespace strom {
namespace {

strom::error bad_batch(const std::string& what) {
  return strom::error{errc::bad_request, "invalid record batch: " + what};
}

result<void> check_header(const batch_header& h, std::string_view records) {
  if (h.records_count < 1)
    return bad_batch("records_count " + std::to_string(h.records_count));
  if (h.base_offset.value() < 0 || h.base_offset.value() > INT64_MAX - h.records_count)
    return bad_batch("base_offset " + std::to_string(h.base_offset.value()));
  if (h.term.value() < 0)
    return bad_batch("negative term");
  if (records_crc32c(records) != h.records_crc)
    return bad_batch("records CRC mismatch");
  return {};
}

// Everything validate_record_batch promises; the records are walked, not parsed.
result<detail::scanned_batch> check_batch(std::string_view batch, const batch_limits& limits) {
  if (batch.size() > limits.batch_bytes_max)
    return strom::error{errc::record_too_large,
                        "batch of " + std::to_string(batch.size()) + " bytes above the limit of "
                          + std::to_string(limits.batch_bytes_max) + " bytes"};
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  if (auto ok = check_header(scanned->header, scanned->records); !ok)
    return ok.error();
  if (auto ok = detail::check_record_set(scanned->header, scanned->records); !ok)
    return ok.error();
  return scanned;
}

stored_record to_stored(wire::Record& r, const batch_header& h) {
  stored_record out;
  out.offset = record_offset{h.base_offset.value() + r.offset_delta()};
  out.timestamp_ms = h.timestamps() == timestamp_type::log_append_time
                       ? h.max_timestamp_ms
                       : h.base_timestamp_ms + r.timestamp_delta_ms();
  if (r.has_key())
    out.key = std::move(*r.mutable_key());
  if (r.has_value())
    out.value = std::move(*r.mutable_value());
  out.headers.reserve(static_cast<size_t>(r.headers_size()));
  for (auto& h_in : *r.mutable_headers()) {
    record_header header{std::move(*h_in.mutable_key()), std::nullopt};
    if (h_in.has_value())
      header.value = std::move(*h_in.mutable_value());
    out.headers.push_back(std::move(header));
  }
  return out;
}

} // namespace

result<batch_header> validate_record_batch(std::string_view batch, const batch_limits& limits) {
  auto checked = check_batch(batch, limits);
  if (!checked)
    return checked.error();
  return checked->header;
}

result<std::vector<stored_record>> decode_record_batch(std::string_view batch,
                                                       const batch_limits& limits) {
  auto checked = check_batch(batch, limits);
  if (!checked)
    return checked.error();
  // What the walk accepted, Protobuf parses (record_set_check.cpp): a
  // failure here is a disagreement between the two, still a typed error.
  wire::RecordSet set;
  if (!set.ParseFromArray(checked->records.data(), static_cast<int>(checked->records.size())))
    return bad_batch("records do not parse");
  std::vector<stored_record> out;
  out.reserve(static_cast<size_t>(checked->header.records_count));
  for (auto& r : *set.mutable_records())
    out.push_back(to_stored(r, checked->header));
  return out;
}

} // namespace strom
