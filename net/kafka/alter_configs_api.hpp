#pragma once
// AlterConfigs (key 33, v0-v2, v2 flexible) and IncrementalAlterConfigs
// (key 44, v0-v1, v1 flexible): topic settings changed at runtime, as
// kafka-configs.sh and admin clients do. AlterConfigs replaces a resource's
// whole set (keys it leaves out go back to their defaults); the incremental
// one sets, deletes, appends to or subtracts from single keys. Both answer
// per resource with an error code and message.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "messages/topic_config.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct alter_resource {
  int8_t type = 0;
  std::string name;
  std::vector<config_change> changes;
  // A change the request names that strom cannot read (an operation out of
  // range, a null value to set): the resource is refused with this.
  std::optional<std::string> unreadable;
};

struct alter_configs_request {
  std::vector<alter_resource> resources;
  bool validate_only = false;
};

// AlterConfigs: each key given is a set; every other key strom knows a remove.
result<alter_configs_request> read_alter_configs(int16_t version, std::string_view body);
result<alter_configs_request> read_incremental_alter_configs(int16_t version,
                                                             std::string_view body);

struct alter_answer {
  error_code error = error_code::none;
  std::optional<std::string> message;
  int8_t type = 0;
  std::string name;
};

// The same response body for both APIs; `flexible` as the request's version.
std::string write_alter_configs(bool flexible, const std::vector<alter_answer>& answers);

} // namespace strom::kafka
