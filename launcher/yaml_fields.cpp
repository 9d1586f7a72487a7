#include "launcher/yaml_fields.hpp"

#include <algorithm>

namespace strom {

int yaml_fields::line_of(const YAML::Node& node) {
  // yaml-cpp counts lines from 0; people count from 1.
  return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

void yaml_fields::fail(const YAML::Node& at, const std::string& field,
                       const std::string& message) {
  fail_line(line_of(at), field, message);
}

void yaml_fields::fail_line(int line, const std::string& field, const std::string& message) {
  errors_.push_back({file_, line, field, message});
}

bool yaml_fields::expect_map(const YAML::Node& node, const std::string& field) {
  if (node.IsMap())
    return true;
  fail(node, field, node.IsNull() ? "is empty, expected a mapping" : "expected a mapping");
  return false;
}

void yaml_fields::reject_unknown(const YAML::Node& map, const std::string& prefix,
                                 std::initializer_list<const char*> known) {
  for (const auto& item : map) {
    auto key = item.first.Scalar();
    auto is_known = std::any_of(known.begin(), known.end(),
                                [&](const char* k) { return key == k; });
    if (!is_known) {
      std::string list;
      for (auto k : known)
        list += list.empty() ? k : std::string{", "} + k;
      fail(item.first, prefix + key, "unknown field (expected one of: " + list + ")");
    }
  }
}

std::optional<std::string> yaml_fields::text(const YAML::Node& map, const char* key,
                                             const std::string& field, bool required) {
  auto node = map[key];
  if (!node) {
    if (required)
      fail(map, field, "is missing");
    return std::nullopt;
  }
  if (!node.IsScalar() || node.Scalar().empty()) {
    fail(node, field, "must be a non-empty string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<int64_t> yaml_fields::integer(const YAML::Node& map, const char* key,
                                            const std::string& field, int64_t min,
                                            int64_t max, bool required) {
  auto node = map[key];
  if (!node) {
    if (required)
      fail(map, field, "is missing");
    return std::nullopt;
  }
  int64_t value = 0;
  if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, value)) {
    fail(node, field, "must be an integer, got '" + (node.IsScalar() ? node.Scalar() : "a collection") + "'");
    return std::nullopt;
  }
  if (value < min || value > max) {
    fail(node, field,
         "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
           std::to_string(value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> yaml_fields::flag(const YAML::Node& map, const char* key,
                                      const std::string& field) {
  auto node = map[key];
  if (!node)
    return std::nullopt;
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    fail(node, field, "must be true or false");
    return std::nullopt;
  }
  return value;
}

} // namespace strom
