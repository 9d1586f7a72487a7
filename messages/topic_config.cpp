// The topic config keys: each key's parser, printer and Kafka type in one
// table, so that a key added here is known to every door at once.

#include "messages/topic_config.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>

namespace strom {

namespace {

strom::error invalid(std::string_view key, std::string_view value, std::string_view why) {
  return strom::error{errc::invalid_config, "topic config " + std::string{key} + "="
                                              + std::string{value} + ": " + std::string{why}};
}

std::optional<int64_t> parse_number(std::string_view text) {
  int64_t value = 0;
  if (text.empty())
    return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// A number in [low, high], or invalid_config saying which range.
result<int64_t> number_in(std::string_view key, std::string_view text, int64_t low,
                          int64_t high, std::string_view range) {
  auto n = parse_number(text);
  if (!n || *n < low || *n > high)
    return invalid(key, text, range);
  return *n;
}

// cleanup.policy as a set of two bits, for the list operations.
constexpr uint8_t delete_bit = 1;
constexpr uint8_t compact_bit = 2;

uint8_t bits_of(cleanup_policy policy) {
  switch (policy) {
    case cleanup_policy::deletion: return delete_bit;
    case cleanup_policy::compaction: return compact_bit;
    case cleanup_policy::compaction_and_deletion: return delete_bit | compact_bit;
  }
  return delete_bit;
}

cleanup_policy policy_of(uint8_t bits) {
  if (bits == (delete_bit | compact_bit))
    return cleanup_policy::compaction_and_deletion;
  return bits == compact_bit ? cleanup_policy::compaction : cleanup_policy::deletion;
}

result<cleanup_policy> parse_cleanup(std::string_view key, std::string_view text) {
  uint8_t bits = 0;
  size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                   : comma - start);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (item == "delete")
      bits |= delete_bit;
    else if (item == "compact")
      bits |= compact_bit;
    else
      return invalid(key, text, "a list of delete and compact");
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  if (bits == 0)
    return invalid(key, text, "a list of delete and compact");
  return policy_of(bits);
}

std::string cleanup_text(cleanup_policy policy) {
  switch (policy) {
    case cleanup_policy::deletion: return "delete";
    case cleanup_policy::compaction: return "compact";
    case cleanup_policy::compaction_and_deletion: return "compact,delete";
  }
  return "delete";
}

struct key_entry {
  std::string_view name;
  std::string_view kafka_type;
  std::function<std::string(const topic_config&)> print;
  std::function<result<void>(topic_config&, std::string_view key, std::string_view text)> parse;
};

constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();
constexpr int64_t int32_max = std::numeric_limits<int32_t>::max();

// A long or int key backed by one field, within [low, high].
template <class Field>
key_entry number_key(std::string_view name, std::string_view type, Field topic_config::*field,
                     int64_t low, int64_t high, std::string_view range) {
  return key_entry{
    name, type, [field](const topic_config& c) { return std::to_string(c.*field); },
    [field, low, high, range](topic_config& c, std::string_view key, std::string_view text)
      -> result<void> {
      auto n = number_in(key, text, low, high, range);
      if (!n)
        return n.error();
      c.*field = static_cast<Field>(*n);
      return {};
    }};
}

key_entry cleanup_key() {
  return key_entry{"cleanup.policy", "list",
                   [](const topic_config& c) { return cleanup_text(c.cleanup); },
                   [](topic_config& c, std::string_view key, std::string_view text)
                     -> result<void> {
                     auto policy = parse_cleanup(key, text);
                     if (!policy)
                       return policy.error();
                     c.cleanup = *policy;
                     return {};
                   }};
}

key_entry timestamp_key() {
  return key_entry{
    "message.timestamp.type", "string",
    [](const topic_config& c) {
      return std::string{c.timestamps == timestamp_type::log_append_time ? "LogAppendTime"
                                                                          : "CreateTime"};
    },
    [](topic_config& c, std::string_view key, std::string_view text) -> result<void> {
      if (text == "CreateTime")
        c.timestamps = timestamp_type::create_time;
      else if (text == "LogAppendTime")
        c.timestamps = timestamp_type::log_append_time;
      else
        return invalid(key, text, "CreateTime or LogAppendTime");
      return {};
    }};
}

const std::vector<key_entry>& key_table() {
  static const std::vector<key_entry> table = {
    cleanup_key(),
    number_key("delete.retention.ms", "long", &topic_config::delete_retention_ms, 0, int64_max,
               "0 or more milliseconds"),
    number_key("max.message.bytes", "int", &topic_config::batch_bytes_max, 1,
               topic_batch_bytes_limit, "1 to 67108864 bytes"),
    timestamp_key(),
    number_key("min.insync.replicas", "int", &topic_config::min_insync_replicas, 1, int32_max,
               "1 or more replicas"),
    number_key("retention.bytes", "long", &topic_config::retention_bytes, -1, int64_max,
               "-1 (no limit) or more bytes"),
    number_key("retention.ms", "long", &topic_config::retention_ms, -1, int64_max,
               "-1 (forever) or more milliseconds"),
  };
  return table;
}

const key_entry* find_key(std::string_view key) {
  for (const auto& entry : key_table())
    if (entry.name == key)
      return &entry;
  return nullptr;
}

strom::error unknown_key(std::string_view key) {
  std::string known;
  for (auto name : topic_config_keys())
    known += (known.empty() ? "" : ", ") + std::string{name};
  return strom::error{errc::invalid_config,
                      "unknown topic config " + std::string{key} + " (known: " + known + ")"};
}

// cleanup.policy's list with one item added or taken away.
result<void> change_list(topic_config& config, const config_change& change) {
  if (change.key != "cleanup.policy")
    return invalid(change.key, change.value,
                   std::string{to_string(change.op)} + " applies to list keys only");
  auto item = parse_cleanup(change.key, change.value);
  if (!item)
    return item.error();
  auto bits = bits_of(config.cleanup);
  auto with = bits_of(*item);
  bits = change.op == config_op::append ? static_cast<uint8_t>(bits | with)
                                        : static_cast<uint8_t>(bits & ~with);
  if (bits == 0)
    return invalid(change.key, change.value, "cleanup.policy may not be empty");
  config.cleanup = policy_of(bits);
  return {};
}

} // namespace

const std::vector<std::string_view>& topic_config_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const auto& entry : key_table())
      out.push_back(entry.name);
    return out;
  }();
  return keys;
}

bool is_topic_config_key(std::string_view key) {
  return find_key(key) != nullptr;
}

std::string_view topic_config_type(std::string_view key) {
  const auto* entry = find_key(key);
  return entry == nullptr ? std::string_view{"string"} : entry->kafka_type;
}

std::vector<config_text> config_texts(const topic_config& config) {
  std::vector<config_text> out;
  for (const auto& entry : key_table())
    out.emplace_back(std::string{entry.name}, entry.print(config));
  return out;
}

std::optional<std::string> config_text_of(const topic_config& config, std::string_view key) {
  const auto* entry = find_key(key);
  if (entry == nullptr)
    return std::nullopt;
  return entry->print(config);
}

result<void> set_config(topic_config& config, std::string_view key, std::string_view value) {
  const auto* entry = find_key(key);
  if (entry == nullptr)
    return unknown_key(key);
  return entry->parse(config, key, value);
}

result<void> apply_config_change(topic_config& config, const config_change& change,
                                 const topic_config& defaults) {
  if (find_key(change.key) == nullptr)
    return unknown_key(change.key);
  switch (change.op) {
    case config_op::set: return set_config(config, change.key, change.value);
    case config_op::remove:
      return set_config(config, change.key, *config_text_of(defaults, change.key));
    case config_op::append:
    case config_op::subtract: return change_list(config, change);
  }
  return strom::error{errc::invalid_config, "unknown config operation"};
}

topic_config defaults_for_replicas(topic_config defaults, int32_t replication_factor) {
  defaults.min_insync_replicas = std::max(1, replication_factor / 2 + 1);
  return defaults;
}

result<void> validate_topic_config(const topic_config& config, int32_t replication_factor) {
  // The numbers again through the texts: a create's spec arrives as numbers.
  for (const auto& [key, value] : config_texts(config)) {
    topic_config probe;
    if (auto ok = set_config(probe, key, value); !ok)
      return ok;
  }
  if (config.min_insync_replicas > replication_factor)
    return invalid("min.insync.replicas", std::to_string(config.min_insync_replicas),
                   "above the topic's " + std::to_string(replication_factor) + " replicas");
  return {};
}

result<config_change> parse_config_assignment(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return strom::error{errc::invalid_config,
                        "topic config '" + std::string{text} + "' is not KEY=VALUE"};
  return config_change{std::string{text.substr(0, eq)}, config_op::set,
                       std::string{text.substr(eq + 1)}};
}

std::string_view to_string(config_op op) {
  switch (op) {
    case config_op::set: return "set";
    case config_op::remove: return "remove";
    case config_op::append: return "append";
    case config_op::subtract: return "subtract";
  }
  return "unknown";
}

} // namespace strom
