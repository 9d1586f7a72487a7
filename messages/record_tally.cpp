#include "messages/record_tally.hpp"

#include <algorithm>
#include <string>

#include "messages/record_batch_scan.hpp"

namespace strom::detail {
namespace {

// Every record takes at least this many bytes in either encoding: a hostile
// records_count reserves no more than the bytes could hold.
constexpr size_t record_bytes_min = 2;

} // namespace

record_tally::record_tally(const batch_header& header, std::vector<stored_record>* out,
                           size_t records_bytes)
    : header_(header), out_(out) {
  if (out_)
    out_->reserve(std::min<size_t>(static_cast<size_t>(std::max(header.records_count, 0)),
                                   records_bytes / record_bytes_min));
}

result<stored_record*> record_tally::next() {
  if (count_ >= header_.records_count)
    return bad_batch("more records than records_count " + std::to_string(header_.records_count));
  current_ = out_ ? &out_->emplace_back() : nullptr;
  return current_;
}

result<void> record_tally::check_delta(int32_t offset_delta) const {
  bool in_place = header_.compacted()
                    ? offset_delta > last_delta_ && offset_delta <= *header_.compacted_last_delta
                    : offset_delta == count_;
  if (!in_place)
    return bad_batch("offset_delta " + std::to_string(offset_delta) + " at position " +
                     std::to_string(count_));
  return {};
}

result<void> record_tally::count(int32_t offset_delta, int64_t timestamp_delta_ms) {
  if (auto ok = check_delta(offset_delta); !ok)
    return ok.error();
  last_delta_ = offset_delta;
  int64_t timestamp_ms;
  if (__builtin_add_overflow(header_.base_timestamp_ms, timestamp_delta_ms, &timestamp_ms))
    return bad_batch("timestamp overflows");
  max_timestamp_ms_ = std::max(max_timestamp_ms_, timestamp_ms);
  if (current_) {
    current_->offset = record_offset{header_.base_offset.value() + offset_delta};
    current_->timestamp_ms = header_.timestamps() == timestamp_type::log_append_time
                               ? header_.max_timestamp_ms
                               : timestamp_ms;
  }
  ++count_;
  return {};
}

result<void> record_tally::finish() const {
  if (count_ != header_.records_count)
    return bad_batch("records_count " + std::to_string(header_.records_count) + " but " +
                     std::to_string(count_) + " records");
  if (header_.timestamps() == timestamp_type::log_append_time)
    return {};
  // Compaction keeps the batch's max timestamp, maybe of a record it removed.
  bool matches = header_.compacted() ? max_timestamp_ms_ <= header_.max_timestamp_ms
                                     : max_timestamp_ms_ == header_.max_timestamp_ms;
  if (!matches)
    return bad_batch("max_timestamp_ms does not match the records");
  return {};
}

} // namespace strom::detail
