// The checks a leader and a consumer make before trusting a batch, and the
// consumer's decoding: both are the walk of record_set_check.cpp. Encoding:
// record_batch_encode.cpp; header reading and stamping: record_batch_stamp.cpp.

#include "messages/record_batch.hpp"

#include <climits>

#include "messages/record_batch_scan.hpp"

namespace strom {
namespace {

using detail::bad_batch;

result<void> check_header(const batch_header& h, std::string_view records) {
  if (h.records_count < 1)
    return bad_batch("records_count " + std::to_string(h.records_count));
  if (h.base_offset.value() < 0 || h.base_offset.value() > INT64_MAX - h.records_count)
    return bad_batch("base_offset " + std::to_string(h.base_offset.value()));
  if (h.term.value() < 0)
    return bad_batch("negative term");
  if (crc32c(records) != h.records_crc)
    return bad_batch("records CRC mismatch");
  return {};
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
  if (auto ok = detail::check_record_set(scanned->header, scanned->records, out); !ok)
    return ok.error();
  return scanned;
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
  std::vector<stored_record> out;
  if (auto checked = check_batch(batch, limits, &out); !checked)
    return checked.error();
  return out;
}

} // namespace strom
