// Writing records in Kafka's encoding (KAFKA.md, "RecordBatch v2"): every
// integer a zigzag varint, lengths -1 for null. Each record's length comes
// before it, so its body is written into a scratch buffer first.

#include "messages/kafka_records.hpp"

#include <cstdint>

namespace strom {
namespace {

struct varint_writer {
  std::string& out;

  void unsigned_varint(uint64_t value) {
    while (value >= 0x80) {
      out.push_back(static_cast<char>((value & 0x7Fu) | 0x80u));
      value >>= 7;
    }
    out.push_back(static_cast<char>(value));
  }
  void varlong(int64_t value) {
    unsigned_varint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
  }
  void bytes(std::string_view value) {
    varlong(static_cast<int64_t>(value.size()));
    out.append(value);
  }
  void nullable(const std::optional<std::string>& value) {
    if (value)
      bytes(*value);
    else
      varlong(-1);
  }
};

// Two's complement wrap-around, as strom's own encoding: decoding adds it
// back with the same wrap.
int64_t delta_of(int64_t timestamp_ms, int64_t base_timestamp_ms) {
  return static_cast<int64_t>(static_cast<uint64_t>(timestamp_ms) -
                              static_cast<uint64_t>(base_timestamp_ms));
}

// A producer's record or a stored one: both have what a body holds.
template <class Record>
void write_body(std::string& body, const Record& r, int32_t offset_delta,
                int64_t base_timestamp_ms) {
  varint_writer w{body};
  body.push_back('\0'); // record attributes: unused
  w.varlong(delta_of(r.timestamp_ms, base_timestamp_ms));
  w.varlong(offset_delta);
  w.nullable(r.key);
  w.nullable(r.value);
  w.varlong(static_cast<int64_t>(r.headers.size()));
  for (const auto& h : r.headers) {
    w.bytes(h.key);
    w.nullable(h.value);
  }
}

} // namespace

std::string encode_kafka_records(const std::vector<record>& records, int64_t base_timestamp_ms) {
  std::string out;
  std::string body;
  varint_writer w{out};
  for (size_t i = 0; i < records.size(); ++i) {
    body.clear();
    write_body(body, records[i], static_cast<int32_t>(i), base_timestamp_ms);
    w.varlong(static_cast<int64_t>(body.size()));
    out += body;
  }
  return out;
}

std::string encode_kafka_records(const std::vector<stored_record>& records,
                                 record_offset base_offset, int64_t base_timestamp_ms) {
  std::string out;
  std::string body;
  varint_writer w{out};
  for (const auto& r : records) {
    body.clear();
    auto delta = static_cast<int32_t>(r.offset.value() - base_offset.value());
    write_body(body, r, delta, base_timestamp_ms);
    w.varlong(static_cast<int64_t>(body.size()));
    out += body;
  }
  return out;
}

} // namespace strom
