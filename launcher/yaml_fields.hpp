#pragma once
// Typed reads of YAML fields that record, instead of throwing, what is wrong
// and where: the line of the offending node (or of its parent map when the
// field is missing) and the field's path, such as `nodes[1].port`.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "launcher/manifest.hpp"

namespace strom {

class yaml_fields {
public:
  explicit yaml_fields(std::string file) : file_(std::move(file)) {}

  void fail(const YAML::Node& at, const std::string& field, const std::string& message);
  void fail_line(int line, const std::string& field, const std::string& message);

  bool expect_map(const YAML::Node& node, const std::string& field);
  // Fields the map may not hold (a typo must not be silently ignored).
  void reject_unknown(const YAML::Node& map, const std::string& prefix,
                      std::initializer_list<const char*> known);

  std::optional<std::string> text(const YAML::Node& map, const char* key,
                                  const std::string& field, bool required);
  std::optional<int64_t> integer(const YAML::Node& map, const char* key,
                                 const std::string& field, int64_t min, int64_t max,
                                 bool required);
  std::optional<bool> flag(const YAML::Node& map, const char* key, const std::string& field);

  const std::vector<manifest_error>& errors() const { return errors_; }
  std::vector<manifest_error> take_errors() { return std::move(errors_); }

private:
  static int line_of(const YAML::Node& node);
  std::string file_;
  std::vector<manifest_error> errors_;
};

} // namespace strom
