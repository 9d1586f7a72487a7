#include "launcher/log_line.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

namespace strom {

namespace {

// A JSON string, quotes included. dump() escapes quotes, backslashes and
// control characters; `replace` turns bytes that are not UTF-8 into U+FFFD
// where the default would throw.
std::string json_string(std::string_view text) {
  return nlohmann::json(std::string{text}).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
}

// "2026-12-07T02:43:19.123Z": UTC, so that lines of hosts in other zones sort.
std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  auto millis = std::to_string(1000 + ms % 1000).substr(1);
  return std::string(text, n) + "." + millis + "Z";
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

std::string source_tag(const log_source& source) {
  if (source.node)
    return "[node " + std::to_string(source.node->value()) + "]";
  return "[" + source.command + "]";
}

std::string json_log_line(std::chrono::system_clock::time_point time, std::string_view level,
                          const log_source& source, std::string_view msg) {
  std::string out = "{\"ts\":\"" + utc_timestamp(time) + "\",\"level\":" + json_string(level);
  if (source.node)
    out += ",\"node\":" + std::to_string(source.node->value());
  else
    out += ",\"command\":" + json_string(source.command);
  return out + ",\"msg\":" + json_string(msg) + "}";
}

std::string relayed_line(node_id id, const std::string& line, log_format format,
                         std::chrono::system_clock::time_point now) {
  auto source = log_source::of_node(id);
  if (format == log_format::json)
    return starts_with(line, "{") ? line : json_log_line(now, "error", source, line);
  auto tag = source_tag(source) + " ";
  return starts_with(line, tag) ? line : tag + line;
}

} // namespace strom
