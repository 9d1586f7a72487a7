#include "net/http/http_requests.hpp"

#include <charconv>
#include <limits>

namespace strom {

namespace {

using nlohmann::json;

constexpr int64_t int32_max = std::numeric_limits<int32_t>::max();

bool parse_int(std::string_view text, int64_t& out) {
  auto end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end && !text.empty();
}

// in[name] as an integer in [min, max]; `out` is left alone when absent.
template <class Int>
std::optional<request_error> field_integer(const json& in, const char* name, int64_t min,
                                           int64_t max, Int& out) {
  auto i = in.find(name);
  if (i == in.end() || i->is_null())
    return std::nullopt;
  auto range = std::to_string(min) + " to " + std::to_string(max);
  if (!i->is_number_integer())
    return request_error{name, "must be an integer (" + range + ")"};
  // Unsigned values past int64's range would wrap: check them as unsigned.
  if (i->is_number_unsigned() && i->get<uint64_t>() > static_cast<uint64_t>(max))
    return request_error{name, "must be " + range};
  auto value = i->get<int64_t>();
  if (value < min || value > max)
    return request_error{name, "must be " + range + ", not " + std::to_string(value)};
  out = static_cast<Int>(value);
  return std::nullopt;
}

// {"configs": {"key": "value" or integer, ...}} as sets, in key order.
std::optional<request_error> config_object(const json& in, std::vector<config_change>& out) {
  auto i = in.find("configs");
  if (i == in.end() || i->is_null())
    return std::nullopt;
  if (!i->is_object())
    return request_error{"configs", "must be an object of config names and values"};
  for (const auto& [key, value] : i->items()) {
    if (value.is_string())
      out.push_back(config_change{key, config_op::set, value.get<std::string>()});
    else if (value.is_number_integer())
      out.push_back(config_change{key, config_op::set, value.dump()});
    else
      return request_error{"configs." + key, "must be a string or an integer"};
  }
  return std::nullopt;
}

// `what` names an item: "topic name".
std::optional<request_error> string_array(const json& in, const char* name,
                                          std::vector<std::string>& out,
                                          const std::string& what = "topic name") {
  auto i = in.find(name);
  if (i == in.end() || i->is_null())
    return std::nullopt;
  if (!i->is_array())
    return request_error{name, "must be an array of " + what + "s"};
  for (size_t n = 0; n < i->size(); ++n) {
    const auto& t = (*i)[n];
    auto where = std::string{name} + "[" + std::to_string(n) + "]";
    if (!t.is_string() || t.get_ref<const std::string&>().empty())
      return request_error{where, "must be a " + what + " (a non-empty string)"};
    out.push_back(t.get<std::string>());
  }
  return std::nullopt;
}

std::optional<request_error> body_encoding(const json& in, record_encoding& out) {
  auto i = in.find("encoding");
  if (i == in.end() || i->is_null())
    return std::nullopt;
  auto named = i->is_string() ? encoding_named(i->get<std::string>()) : std::nullopt;
  if (!named)
    return request_error{"encoding", "must be \"utf8\" or \"base64\""};
  out = *named;
  return std::nullopt;
}

std::optional<request_error> must_be_object(const json& in) {
  if (!in.is_object())
    return request_error{"body", "must be a JSON object"};
  return std::nullopt;
}

} // namespace

std::optional<request_error> parse_body(std::string_view body, json& out) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out = json::object();
    return std::nullopt;
  }
  try {
    out = json::parse(body);
  } catch (const json::exception& e) {
    // Not only parse_error: a number beyond a double's range is out_of_range
    // (406), and any escape would end the door's thread.
    return request_error{"body", std::string{"is not JSON: "} + e.what()};
  }
  return std::nullopt;
}

std::optional<request_error> parse_topic_spec(const json& in, topic_spec& out) {
  if (auto err = must_be_object(in))
    return err;
  auto name = in.find("name");
  if (name == in.end() || !name->is_string() || name->get_ref<const std::string&>().empty())
    return request_error{"name", "must be a topic name (a non-empty string)"};
  out.name = name->get<std::string>();
  if (auto err = field_integer(in, "partitions", 0, int32_max, out.partitions))
    return err;
  if (auto err = field_integer(in, "replication_factor", 0, int32_max, out.replication_factor))
    return err;
  constexpr auto int64_max = std::numeric_limits<int64_t>::max();
  if (auto err = field_integer(in, "retention_ms", -1, int64_max, out.retention_ms))
    return err;
  if (auto err = field_integer(in, "retention_bytes", -1, int64_max, out.retention_bytes))
    return err;
  std::vector<config_change> set;
  if (auto err = config_object(in, set))
    return err;
  for (auto& change : set)
    out.configs.emplace_back(std::move(change.key), std::move(change.value));
  return std::nullopt;
}

std::optional<request_error> parse_config_changes(const json& in,
                                                  std::vector<config_change>& out) {
  if (auto err = must_be_object(in))
    return err;
  if (auto err = config_object(in, out))
    return err;
  std::vector<std::string> reset;
  if (auto err = string_array(in, "reset", reset, "config name"))
    return err;
  for (auto& key : reset)
    out.push_back(config_change{std::move(key), config_op::remove, ""});
  if (out.empty())
    return request_error{"configs", "name at least one config to set or reset"};
  return std::nullopt;
}

std::optional<request_error> parse_produce(const json& in, size_t records_max,
                                           std::vector<door_record>& out) {
  if (auto err = must_be_object(in))
    return err;
  auto encoding = record_encoding::utf8;
  if (auto err = body_encoding(in, encoding))
    return err;
  auto records = in.find("records");
  if (records == in.end() || !records->is_array() || records->empty())
    return request_error{"records", "must be an array of at least one record"};
  if (records->size() > records_max)
    return request_error{"records", "at most " + std::to_string(records_max) +
                                      " records per request, not " +
                                      std::to_string(records->size())};
  out.resize(records->size());
  for (size_t i = 0; i < records->size(); ++i)
    if (auto err = parse_record((*records)[i], "records[" + std::to_string(i) + "]", encoding,
                                out[i]))
      return err;
  return std::nullopt;
}

std::optional<request_error> parse_consumer_request(const json& in, consumer_request& out) {
  if (auto err = must_be_object(in))
    return err;
  if (auto err = string_array(in, "topics", out.topics))
    return err;
  if (auto reset = in.find("auto_offset_reset"); reset != in.end() && !reset->is_null()) {
    if (*reset != "earliest" && *reset != "latest")
      return request_error{"auto_offset_reset", "must be \"earliest\" or \"latest\""};
    out.auto_offset_reset = *reset == "latest" ? reset_policy::latest : reset_policy::earliest;
  }
  if (auto commit = in.find("auto_commit"); commit != in.end() && !commit->is_null()) {
    if (!commit->is_boolean())
      return request_error{"auto_commit", "must be true or false"};
    out.auto_commit = commit->get<bool>();
  }
  return std::nullopt;
}

std::optional<request_error> parse_topic_list(const json& in, std::vector<std::string>& out) {
  if (auto err = must_be_object(in))
    return err;
  if (auto err = string_array(in, "topics", out))
    return err;
  if (out.empty())
    return request_error{"topics", "must name at least one topic"};
  return std::nullopt;
}

std::optional<request_error> query_integer(const query_map& query, const std::string& name,
                                           int64_t min, int64_t max, int64_t& out) {
  auto i = query.find(name);
  if (i == query.end())
    return std::nullopt;
  int64_t value = 0;
  if (!parse_int(i->second, value) || value < min || value > max)
    return request_error{name, "must be an integer from " + std::to_string(min) + " to " +
                                 std::to_string(max) + ", not '" + i->second + "'"};
  out = value;
  return std::nullopt;
}

std::optional<request_error> query_offset(const query_map& query, int64_t& out) {
  auto i = query.find("offset");
  if (i == query.end())
    return std::nullopt;
  static const std::map<std::string, int64_t> named{{"earliest", door_earliest_offset},
                                                    {"latest", door_latest_offset}};
  if (auto n = named.find(i->second); n != named.end()) {
    out = n->second;
    return std::nullopt;
  }
  if (query_integer(query, "offset", 0, std::numeric_limits<int64_t>::max(), out))
    return request_error{"offset", "must be an offset >= 0, earliest or latest, not '" +
                                     i->second + "'"};
  return std::nullopt;
}

std::optional<request_error> query_encoding(const query_map& query, record_encoding& out) {
  auto i = query.find("encoding");
  if (i == query.end())
    return std::nullopt;
  auto named = encoding_named(i->second);
  if (!named)
    return request_error{"encoding", "must be utf8 or base64, not '" + i->second + "'"};
  out = *named;
  return std::nullopt;
}

std::optional<request_error> parse_partition_segment(const std::string& text, int32_t& out) {
  int64_t value = 0;
  if (!parse_int(text, value) || value < 0 || value > int32_max)
    return request_error{"partition", "must be an integer >= 0, not '" + text + "'"};
  out = static_cast<int32_t>(value);
  return std::nullopt;
}

} // namespace strom
