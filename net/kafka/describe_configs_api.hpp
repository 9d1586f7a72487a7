#pragma once
// DescribeConfigs (key 32), v0-v4 (v4 flexible): the settings of topics
// (resource type 2) and brokers (type 4), as admin tools and UIs show them.
// v3's documentation is left null: strom's keys mean what Kafka's do.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/metadata_types.hpp"
#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

inline constexpr int8_t resource_topic = 2;
inline constexpr int8_t resource_broker = 4;

// Kafka's ConfigSource values strom answers with.
inline constexpr int8_t source_topic = 1;  // DYNAMIC_TOPIC_CONFIG
inline constexpr int8_t source_static = 4; // STATIC_BROKER_CONFIG (the manifest)
inline constexpr int8_t source_default = 5;

// Kafka's ConfigType values (DescribeConfigs v3+) strom's keys have.
inline constexpr int8_t type_unknown = 0;
inline constexpr int8_t type_int = 3;
inline constexpr int8_t type_long = 5;
inline constexpr int8_t type_string = 2;
inline constexpr int8_t type_list = 7;

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
  int8_t type = type_unknown;
};

// A topic's settings, each a topic's own (DYNAMIC_TOPIC_CONFIG) where it is
// not the cluster's default, else DEFAULT_CONFIG. min.insync.replicas's
// default is the topic's majority.
std::vector<config_entry> topic_config_entries(const topic_metadata& t,
                                               const topic_config& defaults);

struct config_answer {
  error_code error = error_code::none;
  std::optional<std::string> message;
  int8_t type = 0;
  std::string name;
  std::vector<config_entry> entries;
};

std::string write_describe_configs(int16_t version, const std::vector<config_answer>& results);

} // namespace strom::kafka
