#pragma once
// Loads a manifest for a subcommand: prints every error to stderr, one a line
// (file:line: field: message), and answers nothing when the file is invalid.

#include <optional>
#include <string>

#include "launcher/manifest.hpp"

namespace strom {

std::optional<manifest> load_manifest_or_report(const std::string& path);

} // namespace strom
