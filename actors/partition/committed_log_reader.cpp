#include "actors/partition/committed_log_reader.hpp"

#include "messages/record_batch.hpp"

namespace strom {

namespace {

// How much of the log one step of a timestamp scan reads.
constexpr uint64_t scan_chunk_bytes = 4 << 20;

} // namespace

result<record_offset> committed_log_reader::log_start_offset() const {
  auto held = log_.stats(group_);
  if (!held)
    return held.error();
  if (held->dropped_last_offset)
    return held->dropped_last_offset->next();
  return record_offset{0};
}

result<std::vector<std::string>> committed_log_reader::read(record_offset offset, uint64_t max_bytes,
                                                        raft_index last_committed) const {
  auto from = log_.find_offset(group_, offset);
  if (!from) {
    if (from.error().code == errc::not_found)
      return std::vector<std::string>{};
    return from.error();
  }
  if (*from > last_committed)
    return std::vector<std::string>{};
  auto entries = log_.read(group_, *from, last_committed, max_bytes);
  if (!entries)
    return entries.error();
  std::vector<std::string> batches;
  batches.reserve(entries->size());
  for (auto& e : *entries)
    if (e.last_offset)
      batches.push_back(std::move(e.payload));
  return batches;
}

result<record_offset> committed_log_reader::offset_for_time(int64_t timestamp_ms,
                                                        raft_index last_committed,
                                                        record_offset high_watermark) const {
  auto found = first_at_or_after(timestamp_ms, last_committed);
  if (!found)
    return found.error();
  return found->offset < 0 ? high_watermark : record_offset{found->offset};
}

result<timed_offset> committed_log_reader::first_at_or_after(int64_t timestamp_ms,
                                                             raft_index last_committed) const {
  auto first = log_.first_index(group_);
  if (!first)
    return first.error();
  auto at = first->value_or(raft_index{1});
  while (at <= last_committed) {
    auto entries = log_.read(group_, at, last_committed, scan_chunk_bytes);
    if (!entries)
      return entries.error();
    if (entries->empty())
      break;
    for (const auto& e : *entries) {
      if (!e.last_offset)
        continue;
      auto header = read_batch_header(e.payload);
      if (!header)
        return header.error();
      if (header->max_timestamp_ms < timestamp_ms)
        continue;
      auto records = decode_record_batch(e.payload);
      if (!records)
        return records.error();
      for (const auto& r : *records)
        if (r.timestamp_ms >= timestamp_ms)
          return timed_offset{r.offset.value(), r.timestamp_ms};
    }
    at = entries->back().index.next();
  }
  return timed_offset{};
}

} // namespace strom
