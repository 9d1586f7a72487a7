#pragma once
// Reads the manifest's `security` section (messages/security_config.hpp):
// every field typed and checked, relative paths resolved against the
// manifest's folder, each mistake recorded with its line.

#include <string>

#include <yaml-cpp/yaml.h>

#include "launcher/yaml_fields.hpp"
#include "messages/security_config.hpp"

namespace strom {

security_config read_security(yaml_fields& f, const YAML::Node& node,
                              const std::string& manifest_path);

} // namespace strom
