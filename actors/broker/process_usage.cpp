#include "actors/broker/process_usage.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace strom {

namespace {

std::string read_whole(const char* path) {
  std::ifstream in{path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::optional<int64_t> number_at(std::string_view text, size_t& pos) {
  while (pos < text.size() && text[pos] == ' ')
    ++pos;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
  if (ec != std::errc{})
    return std::nullopt;
  pos = static_cast<size_t>(end - text.data());
  return value;
}

} // namespace

std::optional<int64_t> cpu_ticks_of_stat(std::string_view stat) {
  auto close = stat.rfind(')');
  if (close == std::string_view::npos)
    return std::nullopt;
  // After ')': field 3 (state) ... field 14 (utime), field 15 (stime).
  size_t pos = close + 1;
  for (int field = 3; field < 14; ++field) {
    while (pos < stat.size() && stat[pos] == ' ')
      ++pos;
    while (pos < stat.size() && stat[pos] != ' ')
      ++pos;
    if (pos >= stat.size())
      return std::nullopt;
  }
  auto user = number_at(stat, pos);
  auto system = user ? number_at(stat, pos) : std::nullopt;
  if (!system)
    return std::nullopt;
  return *user + *system;
}

std::optional<int64_t> status_kb(std::string_view status, std::string_view key) {
  size_t line = 0;
  while (line < status.size()) {
    auto end = status.find('\n', line);
    auto text = status.substr(line, end == std::string_view::npos ? end : end - line);
    if (text.size() > key.size() && text.substr(0, key.size()) == key
        && text[key.size()] == ':') {
      size_t pos = key.size() + 1;
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'))
        ++pos;
      return number_at(text, pos);
    }
    if (end == std::string_view::npos)
      break;
    line = end + 1;
  }
  return std::nullopt;
}

node_usage read_process_usage() {
  node_usage out;
  static const auto ticks_per_s = ::sysconf(_SC_CLK_TCK);
  if (auto ticks = cpu_ticks_of_stat(read_whole("/proc/self/stat")); ticks && ticks_per_s > 0)
    out.cpu_ms = *ticks * 1000 / ticks_per_s;
  auto status = read_whole("/proc/self/status");
  out.rss_bytes = status_kb(status, "VmRSS").value_or(0) * 1024;
  out.peak_rss_bytes = status_kb(status, "VmHWM").value_or(0) * 1024;
  return out;
}

} // namespace strom
