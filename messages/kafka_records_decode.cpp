// Reading records in Kafka's encoding, with the checks strom's own RecordSet
// gets (record_tally.hpp): a walk that steps over keys and values when only
// validating, and copies them out once when decoding.

#include <climits>
#include <optional>

#include "messages/kafka_records.hpp"
#include "messages/record_batch_scan.hpp"
#include "messages/record_tally.hpp"
#include "messages/utf8.hpp"

namespace strom {
namespace {

using detail::bad_batch;

// Kafka's varint is at most 5 bytes, its varlong at most 10.
constexpr int varint_bytes_max = 5;
constexpr int varlong_bytes_max = 10;

struct kafka_reader {
  std::string_view in;

  bool zigzag(int bytes_max, int64_t& value) {
    uint64_t raw = 0;
    for (int i = 0; i < bytes_max && !in.empty(); ++i) {
      auto b = static_cast<uint8_t>(in.front());
      in.remove_prefix(1);
      raw |= static_cast<uint64_t>(b & 0x7Fu) << (7 * i);
      if ((b & 0x80u) == 0) {
        value = static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
        return true;
      }
    }
    return false;
  }
  bool varint(int32_t& value) {
    int64_t wide;
    if (!zigzag(varint_bytes_max, wide) || wide < INT32_MIN || wide > INT32_MAX)
      return false;
    value = static_cast<int32_t>(wide);
    return true;
  }
  bool varlong(int64_t& value) { return zigzag(varlong_bytes_max, value); }
  // A length-prefixed value; -1 is null.
  bool nullable(std::optional<std::string_view>& value) {
    int32_t length;
    if (!varint(length) || length < -1 || static_cast<int64_t>(length) > int64_t(in.size()))
      return false;
    value.reset();
    if (length >= 0) {
      value = in.substr(0, static_cast<size_t>(length));
      in.remove_prefix(static_cast<size_t>(length));
    }
    return true;
  }
};

std::optional<std::string> copied(const std::optional<std::string_view>& view) {
  if (!view)
    return std::nullopt;
  return std::string{*view};
}

result<void> read_headers(kafka_reader& in, stored_record* into) {
  int32_t count;
  if (!in.varint(count) || count < 0)
    return bad_batch("malformed record header count");
  for (int32_t i = 0; i < count; ++i) {
    std::optional<std::string_view> key, value;
    if (!in.nullable(key) || !key || !in.nullable(value))
      return bad_batch("malformed record header");
    // strom's header keys are UTF-8 strings, as Kafka's spec says they are.
    if (!valid_utf8(*key))
      return bad_batch("record header key is not UTF-8");
    if (into)
      into->headers.push_back(record_header{std::string{*key}, copied(value)});
  }
  return {};
}

struct kafka_deltas {
  int64_t timestamp_delta_ms = 0;
  int32_t offset_delta = 0;
};

// One record's body, all of it: its length said exactly where it ends.
result<kafka_deltas> read_body(kafka_reader in, stored_record* into) {
  kafka_deltas out;
  std::optional<std::string_view> key, value;
  if (in.in.empty())
    return bad_batch("empty record");
  in.in.remove_prefix(1); // record attributes: unused
  if (!in.varlong(out.timestamp_delta_ms) || !in.varint(out.offset_delta) ||
      !in.nullable(key) || !in.nullable(value))
    return bad_batch("malformed record");
  if (into) {
    into->key = copied(key);
    into->value = copied(value);
  }
  if (auto ok = read_headers(in, into); !ok)
    return ok.error();
  if (!in.in.empty())
    return bad_batch("record length does not match its fields");
  return out;
}

} // namespace

namespace detail {

result<void> check_kafka_records(const batch_header& h, std::string_view records,
                                 std::vector<stored_record>* out) {
  kafka_reader in{records};
  record_tally tally{h, out, records.size()};
  while (!in.in.empty()) {
    auto into = tally.next();
    if (!into)
      return into.error();
    int32_t length;
    if (!in.varint(length) || length < 0 || static_cast<size_t>(length) > in.in.size())
      return bad_batch("malformed record length");
    auto deltas = read_body(kafka_reader{in.in.substr(0, static_cast<size_t>(length))}, *into);
    if (!deltas)
      return deltas.error();
    in.in.remove_prefix(static_cast<size_t>(length));
    if (auto ok = tally.count(deltas->offset_delta, deltas->timestamp_delta_ms); !ok)
      return ok.error();
  }
  return tally.finish();
}

} // namespace detail

result<std::vector<stored_record>> decode_kafka_records(std::string_view records,
                                                        const batch_header& header) {
  std::vector<stored_record> out;
  if (auto ok = detail::check_kafka_records(header, records, &out); !ok)
    return ok.error();
  return out;
}

} // namespace strom
