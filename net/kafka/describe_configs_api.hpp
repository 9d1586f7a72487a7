#pragma once
// DescribeConfigs (key 32), v0-v2: the settings of topics (resource type 2)
// and brokers (type 4), as admin tools and UIs show them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

inline constexpr int8_t resource_topic = 2;
inline constexpr int8_t resource_broker = 4;

// Kafka's ConfigSource values strom answers with.
inline constexpr int8_t source_topic = 1;  // DYNAMIC_TOPIC_CONFIG
inline constexpr int8_t source_static = 4; // STATIC_BROKER_CONFIG (the manifest)
inline constexpr int8_t source_default = 5;

struct config_resource {
  int8_t type = 0;
  std::string name;
  std::optional<std::vector<std::string>> keys; // nullopt: every key
};

result<std::vector<config_resource>> read_describe_configs(int16_t version,
                                                           std::string_view body);

struct config_entry {
  std::string name;
  std::optional<std::string> value;
  bool read_only = false;
  int8_t source = source_default;
};

struct config_answer {
  error_code error = error_code::none;
  std::optional<std::string> message;
  int8_t type = 0;
  std::string name;
  std::vector<config_entry> entries;
};

std::string write_describe_configs(int16_t version, const std::vector<config_answer>& results);

} // namespace strom::kafka
