#include "launcher/logging.hpp"

#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "launcher/json_log_formatter.hpp"
#include "launcher/stderr_to_log.hpp"

namespace strom {

namespace {

// The flag's value, else the environment variable's when set, else `otherwise`.
std::string chosen(const command_line& cl, const std::string& option, const char* variable,
                   const std::string& otherwise) {
  if (auto flag = cl.get(option))
    return *flag;
  const char* env = std::getenv(variable);
  return env != nullptr && *env != '\0' ? env : otherwise;
}

result<log_format> format_named(const std::string& name) {
  if (name == "text")
    return log_format::text;
  if (name == "json")
    return log_format::json;
  return error{errc::bad_request, "unknown log format '" + name + "' (text, json)"};
}

result<spdlog::level::level_enum> level_named(const std::string& name) {
  auto level = spdlog::level::from_str(name);
  // from_str answers `off` for any name it does not know.
  if (level == spdlog::level::off && name != "off")
    return error{errc::bad_request, "unknown log level '" + name +
                                      "' (trace, debug, info, warn, error, critical, off)"};
  return level;
}

std::shared_ptr<spdlog::logger> logger_for(log_format format, const log_source& source) {
  if (format == log_format::json) {
    auto logger = std::make_shared<spdlog::logger>(
      "strom", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_formatter(std::make_unique<json_log_formatter>(source));
    return logger;
  }
  auto logger = std::make_shared<spdlog::logger>(
    "strom", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  // The tag comes first, as the launcher prefixes its children's lines.
  auto tag = source_tag(source);
  logger->set_pattern(tag + " %Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  return logger;
}

} // namespace

std::vector<option_spec> with_logging_options(std::vector<option_spec> specs) {
  specs.push_back(
    {"log-level", 'l', true, "trace, debug, info, warn, error, critical, off ($STROM_LOG; info)"});
  specs.push_back({"log-format", 0, true, "text or json, a line an object ($STROM_LOG_FORMAT)"});
  return specs;
}

result<log_settings> setup_logging(const command_line& cl, const log_source& source) {
  auto format = format_named(chosen(cl, "log-format", "STROM_LOG_FORMAT", "text"));
  if (!format)
    return format.error();
  auto logger = logger_for(*format, source);
  spdlog::set_default_logger(logger);
  if (*format == log_format::json || source.node)
    route_stderr_to_log();
  auto level = level_named(chosen(cl, "log-level", "STROM_LOG", "info"));
  if (!level)
    return level.error();
  logger->set_level(*level);
  return log_settings{*level, *format};
}

} // namespace strom
