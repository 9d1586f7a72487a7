// Reading a batch's header and stamping it, both without parsing the records:
// the top-level fields are walked with Protobuf's CodedInputStream, the
// records field is skipped in one jump, and the stamped fields are fixed
// width, so they are overwritten in place (see messages/record.proto).

#include <climits>
#include <cstring>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "messages/kafka_records.hpp"
#include "messages/record_batch.hpp"
#include "messages/record_batch_restamp.hpp"
#include "messages/record_batch_scan.hpp"

namespace strom {
namespace {

using google::protobuf::io::CodedInputStream;
using wire_format = google::protobuf::internal::WireFormatLite;

using namespace detail::batch_fields;

strom::error malformed(const char* what) {
  return strom::error{errc::bad_request, std::string{"malformed record batch: "} + what};
}

wire_format::WireType expected_wire_type(uint32_t field) {
  switch (field) {
    case field_base_offset:
    case field_term:
    case field_base_timestamp:
    case field_max_timestamp:
    case field_producer_id: return wire_format::WIRETYPE_FIXED64;
    case field_producer_epoch:
    case field_base_sequence:
    case field_records_count:
    case field_attributes:
    case field_records_crc:
    case field_last_offset_delta: return wire_format::WIRETYPE_FIXED32;
    default: return wire_format::WIRETYPE_LENGTH_DELIMITED;
  }
}

bool is_known(uint32_t field) {
  return (field >= field_base_offset && field <= field_last_offset_delta) ||
         field == field_records;
}

// Stores one known fixed-width field into the header and remembers where it is.
void assign_fixed(detail::scanned_batch& out, uint32_t field, uint64_t raw, size_t at) {
  auto& h = out.header;
  auto s64 = static_cast<int64_t>(raw);
  auto s32 = static_cast<int32_t>(static_cast<uint32_t>(raw));
  switch (field) {
    case field_base_offset: h.base_offset = record_offset{s64}; out.offsets.base_offset = at; break;
    case field_term: h.term = term_id{s64}; out.offsets.term = at; break;
    case field_base_timestamp: h.base_timestamp_ms = s64; break;
    case field_max_timestamp: h.max_timestamp_ms = s64; out.offsets.max_timestamp = at; break;
    case field_producer_id: h.producer.producer_id = s64; out.offsets.producer_id = at; break;
    case field_producer_epoch:
      h.producer.producer_epoch = static_cast<int16_t>(s32);
      out.offsets.producer_epoch = at;
      break;
    case field_base_sequence:
      h.producer.base_sequence = s32;
      out.offsets.base_sequence = at;
      break;
    case field_records_count: h.records_count = s32; break;
    case field_attributes: h.attributes = static_cast<uint32_t>(raw); out.offsets.attributes = at; break;
    case field_records_crc: h.records_crc = static_cast<uint32_t>(raw); break;
    case field_last_offset_delta: h.compacted_last_delta = s32; break;
    default: break;
  }
}

// Reads (or skips) the value of one field whose tag was just read.
result<void> scan_field(CodedInputStream& in, std::string_view batch, uint32_t tag,
                        detail::scanned_batch& out) {
  uint32_t field = wire_format::GetTagFieldNumber(tag);
  auto type = wire_format::GetTagWireType(tag);
  if (field == 0)
    return malformed("field number 0");
  if (is_known(field) && type != expected_wire_type(field))
    return malformed("header field with the wrong wire type");
  size_t at = static_cast<size_t>(in.CurrentPosition());
  switch (type) {
    case wire_format::WIRETYPE_VARINT: {
      uint64_t ignored;
      return in.ReadVarint64(&ignored) ? result<void>{} : malformed("truncated varint");
    }
    case wire_format::WIRETYPE_FIXED64: {
      uint64_t raw;
      if (!in.ReadLittleEndian64(&raw))
        return malformed("truncated fixed64");
      assign_fixed(out, field, raw, at);
      return {};
    }
    case wire_format::WIRETYPE_FIXED32: {
      uint32_t raw;
      if (!in.ReadLittleEndian32(&raw))
        return malformed("truncated fixed32");
      assign_fixed(out, field, raw, at);
      return {};
    }
    case wire_format::WIRETYPE_LENGTH_DELIMITED: {
      uint32_t length;
      if (!in.ReadVarint32(&length))
        return malformed("truncated length");
      size_t start = static_cast<size_t>(in.CurrentPosition());
      if (length > batch.size() - start || !in.Skip(static_cast<int>(length)))
        return malformed("length beyond the end");
      if (field == field_records)
        out.records = batch.substr(start, length);
      return {};
    }
    default: return malformed("unsupported wire type");
  }
}

void put_le(std::string& bytes, size_t at, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i)
    bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
}

// A field absent from the batch is appended: for a scalar, the last value on
// the wire wins, so this is what a parser will read.
void append_fixed(std::string& bytes, uint32_t field, uint64_t value, size_t width) {
  auto type = width == 8 ? wire_format::WIRETYPE_FIXED64 : wire_format::WIRETYPE_FIXED32;
  uint32_t tag = wire_format::MakeTag(static_cast<int>(field), type);
  while (tag >= 0x80) {
    bytes.push_back(static_cast<char>((tag & 0x7Fu) | 0x80u));
    tag >>= 7;
  }
  bytes.push_back(static_cast<char>(tag));
  bytes.append(width, '\0');
  put_le(bytes, bytes.size() - width, value, width);
}

void write_fixed(std::string& bytes, size_t at, uint32_t field, uint64_t value, size_t width) {
  if (at == detail::batch_field_offsets::none)
    append_fixed(bytes, field, value, width);
  else
    put_le(bytes, at, value, width);
}

} // namespace

namespace detail {

result<scanned_batch> scan_record_batch(std::string_view batch) {
  if (batch.size() > static_cast<size_t>(INT_MAX))
    return malformed("larger than 2 GiB");
  CodedInputStream in(reinterpret_cast<const uint8_t*>(batch.data()),
                      static_cast<int>(batch.size()));
  scanned_batch out;
  while (static_cast<size_t>(in.CurrentPosition()) < batch.size()) {
    uint32_t tag = in.ReadTag();
    if (tag == 0)
      return malformed("bad tag");
    if (auto scanned = scan_field(in, batch, tag, out); !scanned)
      return scanned.error();
  }
  return out;
}

} // namespace detail

result<batch_header> read_batch_header(std::string_view batch) {
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  return scanned->header;
}

result<raw_batch> read_raw_batch(std::string_view batch) {
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  return raw_batch{scanned->header, scanned->records};
}

result<void> stamp_record_batch(std::string& batch, const batch_stamp& stamp) {
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  // Patch positions first, appends last: an append must not move a position
  // that is still to be patched (appends only go to the end, so they do not).
  const auto& at = scanned->offsets;
  write_fixed(batch, at.base_offset, field_base_offset,
              static_cast<uint64_t>(stamp.base_offset.value()), 8);
  write_fixed(batch, at.term, field_term, static_cast<uint64_t>(stamp.term.value()), 8);
  if (stamp.log_append_time_ms) {
    write_fixed(batch, at.max_timestamp, field_max_timestamp,
                static_cast<uint64_t>(*stamp.log_append_time_ms), 8);
    write_fixed(batch, at.attributes, field_attributes,
                scanned->header.attributes | batch_attribute_log_append_time, 4);
  }
  return {};
}

} // namespace strom

namespace strom {

result<void> restamp_record_batch_producer(std::string& batch, const producer_identity& producer) {
  auto scanned = detail::scan_record_batch(batch);
  if (!scanned)
    return scanned.error();
  const auto& at = scanned->offsets;
  write_fixed(batch, at.producer_id, field_producer_id,
              static_cast<uint64_t>(producer.producer_id), 8);
  write_fixed(batch, at.producer_epoch, field_producer_epoch,
              static_cast<uint32_t>(static_cast<int32_t>(producer.producer_epoch)), 4);
  write_fixed(batch, at.base_sequence, field_base_sequence,
              static_cast<uint32_t>(producer.base_sequence), 4);
  return {};
}

} // namespace strom
