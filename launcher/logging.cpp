#include "launcher/logging.hpp"

#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace strom {

std::string setup_logging(const std::optional<std::string>& level_flag) {
  std::string name = "info";
  if (level_flag)
    name = *level_flag;
  else if (const char* env = std::getenv("STROM_LOG"); env != nullptr && *env != '\0')
    name = env;
  auto level = spdlog::level::from_str(name);
  // from_str answers `off` for any name it does not know.
  if (level == spdlog::level::off && name != "off")
    return "unknown log level '" + name + "' (trace, debug, info, warn, error, critical, off)";
  auto logger = spdlog::stderr_color_mt("strom");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  return {};
}

} // namespace strom
