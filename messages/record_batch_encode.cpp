// Encoding a producer's batch straight into its wire bytes: one allocation
// for the whole batch and one copy of each key and value, instead of a
// Protobuf message per record (an allocation and a copy of each string, then
// a second copy when the records are serialized, a third when the batch is).
// The bytes are exactly what Protobuf would write for messages/record.proto
// (fields in number order, proto3 zeros omitted, `optional` fields written
// when present); tests/unit/wire/record_batch_encode_test.cpp compares them.
// Kafka-encoded records (kafka_records.hpp) are wrapped by the same writer.

#include <algorithm>
#include <climits>
#include <cstring>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "messages/kafka_records.hpp"
#include "messages/record_batch.hpp"
#include "messages/record_batch_scan.hpp"
#include "messages/utf8.hpp"

namespace strom {
namespace {

using google::protobuf::io::CodedOutputStream;
using wire_format = google::protobuf::internal::WireFormatLite;
using namespace detail::batch_fields;

// Every field number here is below 16: its tag is one byte.
constexpr uint8_t tag_of(uint32_t field, wire_format::WireType type) {
  return static_cast<uint8_t>((field << 3) | static_cast<uint32_t>(type));
}
constexpr uint8_t length_tag(uint32_t field) {
  return tag_of(field, wire_format::WIRETYPE_LENGTH_DELIMITED);
}

// Two's complement wrap-around: decoding adds it back with the same wrap.
uint64_t zigzag_delta(int64_t timestamp_ms, int64_t base_timestamp_ms) {
  auto delta = static_cast<int64_t>(static_cast<uint64_t>(timestamp_ms) -
                                    static_cast<uint64_t>(base_timestamp_ms));
  return wire_format::ZigZagEncode64(delta);
}

// Sizes are summed in 64 bits: a batch over 2 GiB is refused, not wrapped.
uint64_t bytes_field_size(size_t length) {
  return 1 + CodedOutputStream::VarintSize64(length) + length;
}

uint64_t header_size(const record_header& h) {
  return (h.key.empty() ? 0 : bytes_field_size(h.key.size())) +
         (h.value ? bytes_field_size(h.value->size()) : 0);
}

uint64_t record_size(const record& r, uint32_t index, uint64_t zigzag) {
  uint64_t size = 0;
  if (index != 0)
    size += 1 + CodedOutputStream::VarintSize32(index);
  if (zigzag != 0)
    size += 1 + CodedOutputStream::VarintSize64(zigzag);
  if (r.key)
    size += bytes_field_size(r.key->size());
  if (r.value)
    size += bytes_field_size(r.value->size());
  for (const auto& h : r.headers)
    size += bytes_field_size(header_size(h));
  return size;
}

// A cursor over the batch's buffer, sized exactly beforehand.
struct byte_cursor {
  uint8_t* at;

  void byte(uint8_t b) { *at++ = b; }
  void varint(uint64_t v) { at = CodedOutputStream::WriteVarint64ToArray(v, at); }
  void bytes(uint32_t field, std::string_view s) {
    byte(length_tag(field));
    varint(s.size());
    std::memcpy(at, s.data(), s.size());
    at += s.size();
  }
  void fixed64(uint32_t field, uint64_t v) {
    byte(tag_of(field, wire_format::WIRETYPE_FIXED64));
    at = CodedOutputStream::WriteLittleEndian64ToArray(v, at);
  }
  void fixed32(uint32_t field, uint32_t v) {
    byte(tag_of(field, wire_format::WIRETYPE_FIXED32));
    at = CodedOutputStream::WriteLittleEndian32ToArray(v, at);
  }
};

void write_record(byte_cursor& out, const record& r, uint32_t index, uint64_t zigzag,
                  uint64_t size) {
  out.byte(length_tag(set_records));
  out.varint(size);
  if (index != 0) {
    out.byte(tag_of(record_offset_delta, wire_format::WIRETYPE_VARINT));
    out.varint(index);
  }
  if (zigzag != 0) {
    out.byte(tag_of(record_timestamp_delta, wire_format::WIRETYPE_VARINT));
    out.varint(zigzag);
  }
  if (r.key)
    out.bytes(record_key, *r.key);
  if (r.value)
    out.bytes(record_value, *r.value);
  for (const auto& h : r.headers) {
    out.byte(length_tag(record_headers));
    out.varint(header_size(h));
    if (!h.key.empty())
      out.bytes(header_key, h.key);
    if (h.value)
      out.bytes(header_value, *h.value);
  }
}

// The fixed-width header fields, all of them written (they are `optional`):
// one tag byte and 8 or 4 bytes each.
constexpr uint64_t fixed_header_bytes = 5 * (1 + 8) + 5 * (1 + 4);

// Every fixed-width field but the CRC, which comes last of them.
void write_header(byte_cursor& w, const batch_header& h) {
  w.fixed64(field_base_offset, static_cast<uint64_t>(h.base_offset.value()));
  w.fixed64(field_term, static_cast<uint64_t>(h.term.value()));
  w.fixed64(field_base_timestamp, static_cast<uint64_t>(h.base_timestamp_ms));
  w.fixed64(field_max_timestamp, static_cast<uint64_t>(h.max_timestamp_ms));
  w.fixed64(field_producer_id, static_cast<uint64_t>(h.producer.producer_id));
  w.fixed32(field_producer_epoch, static_cast<uint32_t>(int32_t{h.producer.producer_epoch}));
  w.fixed32(field_base_sequence, static_cast<uint32_t>(h.producer.base_sequence));
  w.fixed32(field_records_count, static_cast<uint32_t>(h.records_count));
  w.fixed32(field_attributes, h.attributes);
}

uint64_t records_bytes(const std::vector<record>& records) {
  int64_t base_timestamp_ms = records.front().timestamp_ms;
  uint64_t total = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    auto size = record_size(records[i], static_cast<uint32_t>(i),
                            zigzag_delta(records[i].timestamp_ms, base_timestamp_ms));
    total += 1 + CodedOutputStream::VarintSize64(size) + size;
  }
  return total;
}

} // namespace

namespace detail {

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

batch_header producer_header(const std::vector<record>& records,
                             const producer_identity& producer) {
  batch_header h;
  h.base_timestamp_ms = records.front().timestamp_ms;
  h.max_timestamp_ms = h.base_timestamp_ms;
  for (const auto& r : records)
    h.max_timestamp_ms = std::max(h.max_timestamp_ms, r.timestamp_ms);
  h.producer = producer;
  h.records_count = static_cast<int32_t>(records.size());
  return h;
}

} // namespace detail

result<std::string> encode_record_batch(const std::vector<record>& records,
                                        const producer_identity& producer) {
  if (auto ok = detail::check_encodable(records); !ok)
    return ok.error();
  uint64_t set_bytes = records_bytes(records);
  uint64_t total = fixed_header_bytes + bytes_field_size(set_bytes);
  if (set_bytes > INT_MAX || total > INT_MAX)
    return strom::error{errc::bad_request, "records too large to encode"};
  auto header = detail::producer_header(records, producer);
  int64_t base_timestamp_ms = header.base_timestamp_ms;
  std::string out(total, '\0');
  byte_cursor w{reinterpret_cast<uint8_t*>(out.data())};
  write_header(w, header);
  // The CRC covers the records, which come after it: patched once they are written.
  uint8_t* crc_at = w.at + 1;
  w.fixed32(field_records_crc, 0);
  w.byte(length_tag(field_records));
  w.varint(set_bytes);
  auto* set_start = w.at;
  for (size_t i = 0; i < records.size(); ++i) {
    auto index = static_cast<uint32_t>(i);
    auto zigzag = zigzag_delta(records[i].timestamp_ms, base_timestamp_ms);
    write_record(w, records[i], index, zigzag, record_size(records[i], index, zigzag));
  }
  auto crc = crc32c({reinterpret_cast<const char*>(set_start), set_bytes});
  CodedOutputStream::WriteLittleEndian32ToArray(crc, crc_at);
  return out;
}

result<std::string> wrap_kafka_records(const batch_header& header, std::string_view records) {
  if (auto ok = detail::check_attributes(header.attributes | batch_attribute_kafka_records); !ok)
    return ok.error();
  uint64_t total = fixed_header_bytes + (header.compacted() ? 1 + 4 : 0) +
                   bytes_field_size(records.size());
  if (total > INT_MAX)
    return strom::error{errc::bad_request, "records too large to wrap"};
  auto wrapped = header;
  wrapped.attributes |= batch_attribute_kafka_records;
  std::string out(total, '\0');
  byte_cursor w{reinterpret_cast<uint8_t*>(out.data())};
  write_header(w, wrapped);
  w.fixed32(field_records_crc, crc32c(records));
  if (header.compacted())
    w.fixed32(field_last_offset_delta, static_cast<uint32_t>(*header.compacted_last_delta));
  w.bytes(field_records, records);
  return out;
}

} // namespace strom
