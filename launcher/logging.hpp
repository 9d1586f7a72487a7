#pragma once
// spdlog set-up for every subcommand: to stderr (stdout carries data), level
// from --log-level, else STROM_LOG, else info.

#include <optional>
#include <string>

namespace strom {

// Returns an error message for an unknown level name, else an empty string.
std::string setup_logging(const std::optional<std::string>& level_flag);

} // namespace strom
