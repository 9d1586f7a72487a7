#pragma once
// spdlog set-up for every subcommand: to stderr (stdout carries data); level
// from --log-level, else STROM_LOG, else info; format from --log-format,
// else STROM_LOG_FORMAT, else text. Every line names the node or command
// that wrote it (log_line.hpp). In JSON, and in a node, what the command
// writes to std::cerr becomes log records too (stderr_to_log.hpp).

#include <string>
#include <vector>

#include <spdlog/common.h>

#include "launcher/command_line.hpp"
#include "launcher/log_line.hpp"
#include "messages/result.hpp"

namespace strom {

struct log_settings {
  spdlog::level::level_enum level = spdlog::level::info;
  log_format format = log_format::text;
};

// `specs` and then --log-level and --log-format: every command takes them.
std::vector<option_spec> with_logging_options(std::vector<option_spec> specs);

// Sets logging up as `cl`, else the environment, asks; the settings, or the
// problem with a name it does not know (then lines are in the format asked
// for when that one was known).
result<log_settings> setup_logging(const command_line& cl, const log_source& source);

} // namespace strom
