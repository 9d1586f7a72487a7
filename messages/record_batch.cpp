// Encoding a producer's batch, and the checks a leader and a consumer make
// before trusting one. Header reading and stamping: record_batch_stamp.cpp.

#include "messages/record_batch.hpp"

#include <algorithm>
#include <climits>

#include "messages/record.pb.h"
#include "messages/record_batch_scan.hpp"

namespace strom {
namespace {

// RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF. Protobuf
// refuses to parse a proto3 string that is not UTF-8, so a producer must not
// be able to encode one.
bool valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                    : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size())
      return false;
    uint32_t code = length == 1 ? lead : lead & (0x7Fu >> length);
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u)
        return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    static constexpr uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

result<void> check_encodable(const std::vector<record>& records) {
  if (records.empty())
    return strom::error{errc::bad_request, "a record batch needs at least one record"};
  if (records.size() > static_cast<size_t>(INT32_MAX))
    return strom::error{errc::bad_request, "too many records for one batch"};
  for (const auto& r : records)
    for (const auto& h : r.headers)
      if (!valid_utf8(h.key))
        return strom::error{errc::bad_request, "record header key is not UTF-8"};
  return {};
}

void fill_record(wire::Record& out, const record& in, int32_t index, int64_t base_timestamp_ms) {
  out.set_offset_delta(index);
  // Two's complement wrap-around: decoding adds it back with the same wrap.
  out.set_timestamp_delta_ms(static_cast<int64_t>(static_cast<uint64_t>(in.timestamp_ms)
                                                  - static_cast<uint64_t>(base_timestamp_ms)));
  if (in.key)
    out.set_key(*in.key);
  if (in.value)
    out.set_value(*in.value);
  for (const auto& h : in.headers) {
    auto* header = out.add_headers();
    header->set_key(h.key);
    if (h.value)
      header->set_value(*h.value);
  }
}

strom::error bad_batch(const std::string& what) {
  return strom::error{errc::bad_request, "invalid record batch: " + what};
}

struct checked_batch {
  batch_header header;
  wire::RecordSet records;
};

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

// Offsets are dense and every timestamp is computable; on CreateTime batches
// the header's max timestamp is the records' (the time index relies on it).
result<void> check_records(const batch_header& h, const wire::RecordSet& set) {
  if (set.records_size() != h.records_count)
    return bad_batch("records_count " + std::to_string(h.records_count) + " but "
                     + std::to_string(set.records_size()) + " records");
  int64_t max_timestamp_ms = INT64_MIN;
  for (int i = 0; i < set.records_size(); ++i) {
    const auto& r = set.records(i);
    if (r.offset_delta() != i)
      return bad_batch("offset_delta " + std::to_string(r.offset_delta()) + " at position "
                       + std::to_string(i));
    int64_t timestamp_ms;
    if (__builtin_add_overflow(h.base_timestamp_ms, r.timestamp_delta_ms(), &timestamp_ms))
      return bad_batch("timestamp overflows");
    max_timestamp_ms = std::max(max_timestamp_ms, timestamp_ms);
  }
  if (h.timestamps() == timestamp_type::create_time && max_timestamp_ms != h.max_timestamp_ms)
    return bad_batch("max_timestamp_ms does not match the records");
  return {};
}

result<checked_batch> check_batch(std::string_view batch, const batch_limits& limits) {
  if (batch.size() > limits.batch_bytes_max)
    return strom::error{errc::record_too_large,
                        "batch of " + std::to_string(batch.size()) + " bytes above the limit of "
                          + std::to_string(limits.batch_bytes_max) + " bytes"};
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  if (auto ok = check_header(scanned->header, scanned->records); !ok)
    return ok.error();
  checked_batch out{scanned->header, {}};
  if (!out.records.ParseFromArray(scanned->records.data(),
                                  static_cast<int>(scanned->records.size())))
    return bad_batch("records do not parse");
  if (auto ok = check_records(out.header, out.records); !ok)
    return ok.error();
  return out;
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

result<std::string> encode_record_batch(const std::vector<record>& records,
                                        const producer_identity& producer) {
  if (auto ok = check_encodable(records); !ok)
    return ok.error();
  int64_t base_timestamp_ms = records.front().timestamp_ms;
  int64_t max_timestamp_ms = base_timestamp_ms;
  wire::RecordSet set;
  set.mutable_records()->Reserve(static_cast<int>(records.size()));
  for (size_t i = 0; i < records.size(); ++i) {
    fill_record(*set.add_records(), records[i], static_cast<int32_t>(i), base_timestamp_ms);
    max_timestamp_ms = std::max(max_timestamp_ms, records[i].timestamp_ms);
  }
  wire::RecordBatch batch;
  if (!set.SerializeToString(batch.mutable_records()))
    return strom::error{errc::bad_request, "records too large to encode"};
  batch.set_base_offset(0);
  batch.set_partition_leader_epoch(0);
  batch.set_base_timestamp_ms(base_timestamp_ms);
  batch.set_max_timestamp_ms(max_timestamp_ms);
  batch.set_producer_id(producer.producer_id);
  batch.set_producer_epoch(producer.producer_epoch);
  batch.set_base_sequence(producer.base_sequence);
  batch.set_records_count(static_cast<int32_t>(records.size()));
  batch.set_attributes(0);
  batch.set_records_crc(records_crc32c(batch.records()));
  std::string out;
  if (!batch.SerializeToString(&out))
    return strom::error{errc::bad_request, "batch too large to encode"};
  return out;
}

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
  std::vector<stored_record> out;
  out.reserve(static_cast<size_t>(checked->header.records_count));
  for (auto& r : *checked->records.mutable_records())
    out.push_back(to_stored(r, checked->header));
  return out;
}

} // namespace strom
