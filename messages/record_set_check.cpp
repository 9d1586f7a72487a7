// The leader's check of a batch's records without parsing them into Protobuf
// messages: a walk over the wire bytes that reads each record's offset and
// timestamp deltas and steps over keys and values. The consumer's decoding is
// the same walk, copying keys, values and headers out once each. Parsing
// every record (an allocation and a copy per string, to be thrown away) was
// about 200 ns per 100-byte record, a share of a produce's whole cost on a
// node.
//
// The walk is stricter than Protobuf: it refuses fields the format does not
// have, known fields with another wire type, and groups, where a Protobuf
// parser would skip them. So whatever it accepts, a Protobuf reader (the
// consumer's decoder) parses, into the same records; it accepts everything
// the encoder writes.

#include <climits>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "messages/record_batch_scan.hpp"
#include "messages/record_tally.hpp"
#include "messages/utf8.hpp"

namespace strom::detail {
namespace {

using google::protobuf::io::CodedInputStream;
using wire_format = google::protobuf::internal::WireFormatLite;

using namespace batch_fields;
constexpr auto as_varint = wire_format::WIRETYPE_VARINT;
constexpr auto as_bytes = wire_format::WIRETYPE_LENGTH_DELIMITED;

struct record_deltas {
  int32_t offset_delta = 0;
  int64_t timestamp_delta_ms = 0;
};

// A length as Protobuf reads one: at most 5 bytes, within the current limit.
bool read_length(CodedInputStream& in, uint32_t& length) {
  int start = in.CurrentPosition();
  uint64_t value;
  if (!in.ReadVarint64(&value) || in.CurrentPosition() - start > 5 ||
      value > static_cast<uint64_t>(in.BytesUntilLimit()))
    return false;
  length = static_cast<uint32_t>(value);
  return true;
}

// A length-delimited value inside the current limit, as a view.
bool read_view(CodedInputStream& in, std::string_view& out) {
  uint32_t length;
  if (!read_length(in, length))
    return false;
  out = {};
  if (length == 0)
    return true;
  const void* data;
  int available;
  if (!in.GetDirectBufferPointer(&data, &available) || static_cast<uint32_t>(available) < length)
    return false;
  out = {static_cast<const char*>(data), length};
  return in.Skip(static_cast<int>(length));
}

// Enters a nested message: the limit is its length.
bool enter(CodedInputStream& in, CodedInputStream::Limit& previous) {
  uint32_t length;
  if (!read_length(in, length))
    return false;
  previous = in.PushLimit(static_cast<int>(length));
  return true;
}

bool is(uint32_t tag, uint32_t field, wire_format::WireType type) {
  return tag == wire_format::MakeTag(static_cast<int>(field), type);
}

// `into`, when given, receives the header (the consumer's decoding).
result<void> check_header(CodedInputStream& in, record_header* into) {
  while (in.BytesUntilLimit() > 0) {
    uint32_t tag = in.ReadTag();
    std::string_view value;
    bool ok = (is(tag, header_key, as_bytes) ||
               is(tag, header_value, as_bytes)) &&
              read_view(in, value);
    if (!ok)
      return bad_batch("malformed record header");
    // The key is a Protobuf string, which a reader refuses unless UTF-8.
    bool is_key = wire_format::GetTagFieldNumber(tag) == header_key;
    if (is_key && !valid_utf8(value))
      return bad_batch("record header key is not UTF-8");
    if (into && is_key)
      into->key.assign(value);
    else if (into)
      into->value = std::string{value};
  }
  return {};
}

result<void> check_headers_field(CodedInputStream& in, stored_record* into) {
  CodedInputStream::Limit outer;
  if (!enter(in, outer))
    return bad_batch("malformed record header");
  record_header* header = nullptr;
  if (into)
    header = &into->headers.emplace_back();
  auto checked = check_header(in, header);
  in.PopLimit(outer);
  return checked;
}

// One record's fields, in any order; a repeated scalar's last value counts,
// as for a Protobuf reader. `into`, when given, receives key, value and headers.
result<record_deltas> read_record(CodedInputStream& in, stored_record* into) {
  record_deltas out;
  while (in.BytesUntilLimit() > 0) {
    uint32_t tag = in.ReadTag();
    uint64_t varint;
    std::string_view bytes;
    if (is(tag, record_offset_delta, as_varint) && in.ReadVarint64(&varint))
      out.offset_delta = static_cast<int32_t>(static_cast<uint32_t>(varint));
    else if (is(tag, record_timestamp_delta, as_varint) && in.ReadVarint64(&varint))
      out.timestamp_delta_ms = wire_format::ZigZagDecode64(varint);
    else if (is(tag, record_key, as_bytes) && read_view(in, bytes)) {
      if (into)
        into->key = std::string{bytes};
    } else if (is(tag, record_value, as_bytes) && read_view(in, bytes)) {
      if (into)
        into->value = std::string{bytes};
    } else if (is(tag, record_headers, as_bytes)) {
      if (auto ok = check_headers_field(in, into); !ok)
        return ok.error();
    } else
      return bad_batch("malformed record");
  }
  return out;
}

result<record_deltas> next_record(CodedInputStream& in, stored_record* into) {
  CodedInputStream::Limit outer;
  if (!is(in.ReadTag(), set_records, as_bytes) || !enter(in, outer))
    return bad_batch("malformed record set");
  auto record = read_record(in, into);
  in.PopLimit(outer);
  return record;
}

} // namespace

strom::error bad_batch(const std::string& what) {
  return strom::error{errc::bad_request, "invalid record batch: " + what};
}

// Offsets are dense and every timestamp is computable; on CreateTime batches
// the header's max timestamp is the records' (the time index relies on it).
result<void> check_record_set(const batch_header& h, std::string_view records,
                              std::vector<stored_record>* out) {
  if (records.size() > static_cast<size_t>(INT_MAX))
    return bad_batch("records larger than 2 GiB");
  CodedInputStream in(reinterpret_cast<const uint8_t*>(records.data()),
                      static_cast<int>(records.size()));
  in.PushLimit(static_cast<int>(records.size()));
  record_tally tally{h, out, records.size()};
  while (in.BytesUntilLimit() > 0) {
    auto into = tally.next();
    if (!into)
      return into.error();
    auto record = next_record(in, *into);
    if (!record)
      return record.error();
    if (auto ok = tally.count(record->offset_delta, record->timestamp_delta_ms); !ok)
      return ok.error();
  }
  return tally.finish();
}

} // namespace strom::detail
