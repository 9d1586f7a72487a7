#include "net/http/record_json.hpp"

#include "messages/utf8.hpp"
#include "messages/base64.hpp"

namespace strom {

namespace {

using nlohmann::json;

// A string, null (nothing) or absent (nothing) at in[name].
std::optional<request_error> parse_bytes(const json& in, const char* name,
                                         const std::string& field, record_encoding encoding,
                                         std::optional<std::string>& out) {
  auto i = in.find(name);
  if (i == in.end() || i->is_null())
    return std::nullopt;
  auto where = field + "." + name;
  if (!i->is_string())
    return request_error{where, "must be a string or null"};
  const auto& text = i->get_ref<const std::string&>();
  if (encoding == record_encoding::utf8) {
    out = text;
    return std::nullopt;
  }
  out = base64_decode(text);
  if (!out)
    return request_error{where, "must be base64"};
  return std::nullopt;
}

std::optional<request_error> parse_headers(const json& in, const std::string& field,
                                           record_encoding encoding, record& out) {
  auto i = in.find("headers");
  if (i == in.end() || i->is_null())
    return std::nullopt;
  if (!i->is_array())
    return request_error{field + ".headers", "must be an array of {key, value}"};
  for (size_t n = 0; n < i->size(); ++n) {
    const auto& h = (*i)[n];
    auto where = field + ".headers[" + std::to_string(n) + "]";
    if (!h.is_object())
      return request_error{where, "must be an object {key, value}"};
    auto key = h.find("key");
    if (key == h.end() || !key->is_string())
      return request_error{where + ".key", "must be a string"};
    record_header header{key->get<std::string>(), std::nullopt};
    if (auto err = parse_bytes(h, "value", where, encoding, header.value))
      return err;
    out.headers.push_back(std::move(header));
  }
  return std::nullopt;
}

std::optional<request_error> parse_partition(const json& in, const std::string& field,
                                             door_record& out) {
  auto i = in.find("partition");
  if (i == in.end() || i->is_null())
    return std::nullopt;
  if (!i->is_number_integer() || i->get<int64_t>() < 0 ||
      i->get<int64_t>() > std::numeric_limits<int32_t>::max())
    return request_error{field + ".partition", "must be an integer >= 0"};
  out.partition = i->get<int32_t>();
  return std::nullopt;
}

std::optional<request_error> parse_timestamp(const json& in, const std::string& field,
                                             record& out) {
  auto i = in.find("timestamp_ms");
  if (i == in.end() || i->is_null())
    return std::nullopt;
  if (!i->is_number_integer() || i->get<int64_t>() < 0)
    return request_error{field + ".timestamp_ms", "must be an integer >= 0 (0: now)"};
  out.timestamp_ms = i->get<int64_t>();
  return std::nullopt;
}

bool all_utf8(const stored_record& r) {
  auto ok = [](const std::optional<std::string>& bytes) { return !bytes || valid_utf8(*bytes); };
  if (!ok(r.key) || !ok(r.value))
    return false;
  for (const auto& h : r.headers)
    if (!ok(h.value))
      return false;
  return true;
}

json bytes_json(const std::optional<std::string>& bytes, record_encoding encoding) {
  if (!bytes)
    return nullptr;
  return encoding == record_encoding::base64 ? base64_encode(*bytes) : *bytes;
}

} // namespace

std::optional<record_encoding> encoding_named(const std::string& name) {
  if (name == "utf8" || name == "utf-8")
    return record_encoding::utf8;
  if (name == "base64")
    return record_encoding::base64;
  return std::nullopt;
}

std::optional<request_error> parse_record(const json& in, const std::string& field,
                                          record_encoding encoding, door_record& out) {
  if (!in.is_object())
    return request_error{field, "must be an object {key, value, headers, partition}"};
  if (auto err = parse_bytes(in, "key", field, encoding, out.value.key))
    return err;
  if (auto err = parse_bytes(in, "value", field, encoding, out.value.value))
    return err;
  if (auto err = parse_headers(in, field, encoding, out.value))
    return err;
  if (auto err = parse_partition(in, field, out))
    return err;
  return parse_timestamp(in, field, out.value);
}

json record_json(const consumer_record& in, record_encoding encoding) {
  const auto& r = in.record;
  if (encoding == record_encoding::utf8 && !all_utf8(r))
    encoding = record_encoding::base64;
  json headers = json::array();
  for (const auto& h : r.headers)
    headers.push_back({{"key", h.key}, {"value", bytes_json(h.value, encoding)}});
  return {
    {"topic", in.topic},
    {"partition", in.partition.value()},
    {"offset", r.offset.value()},
    {"timestamp_ms", r.timestamp_ms},
    {"encoding", encoding == record_encoding::base64 ? "base64" : "utf8"},
    {"key", bytes_json(r.key, encoding)},
    {"value", bytes_json(r.value, encoding)},
    {"headers", std::move(headers)},
  };
}

json records_json(const std::vector<consumer_record>& in, record_encoding encoding) {
  json out = json::array();
  for (const auto& r : in)
    out.push_back(record_json(r, encoding));
  return out;
}

} // namespace strom
