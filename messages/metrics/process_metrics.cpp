#include "messages/metrics/process_metrics.hpp"

#include <dirent.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace strom::metrics {

namespace {

std::optional<uint64_t> to_u64(std::string_view text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return v;
}

std::string read_whole(const char* path) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The value after "Key:" in /proc/self/status, in kB.
std::optional<uint64_t> status_kb(const std::string& status, const std::string& key) {
  auto at = status.find(key + ":");
  if (at == std::string::npos)
    return std::nullopt;
  std::istringstream fields{status.substr(at + key.size() + 1)};
  std::string kb;
  fields >> kb;
  return to_u64(kb);
}

uint64_t open_fds() {
  uint64_t n = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (const dirent* e = ::readdir(dir))
      n += e->d_name[0] == '.' ? 0 : 1;
    ::closedir(dir);
  }
  return n > 0 ? n - 1 : 0; // the directory's own descriptor
}

// Seconds since the epoch at which the system booted.
std::optional<double> boot_time() {
  auto stat = read_whole("/proc/stat");
  auto at = stat.find("\nbtime ");
  if (at == std::string::npos)
    return std::nullopt;
  std::istringstream fields{stat.substr(at + 7)};
  std::string seconds;
  fields >> seconds;
  auto v = to_u64(seconds);
  return v ? std::optional<double>{static_cast<double>(*v)} : std::nullopt;
}

void put(std::vector<family_value>& out, const char* name, const char* help, kind type,
         double value) {
  out.push_back({name, help, type, {series_value{{}, value, {}}}});
}

} // namespace

std::optional<stat_times> parse_stat_times(std::string_view stat) {
  auto close = stat.rfind(')');
  if (close == std::string_view::npos)
    return std::nullopt;
  std::istringstream fields{std::string{stat.substr(close + 1)}};
  // After the command: state is field 3; utime 14, stime 15, starttime 22.
  std::string field;
  stat_times out;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i != 14 && i != 15 && i != 22)
      continue;
    auto v = to_u64(field);
    if (!v)
      return std::nullopt;
    if (i == 22) {
      out.start_ticks = *v;
      return out;
    }
    out.cpu_ticks += *v;
  }
  return std::nullopt;
}

std::optional<uint64_t> parse_max_open_files(std::string_view limits) {
  auto at = limits.find("Max open files");
  if (at == std::string_view::npos)
    return std::nullopt;
  std::istringstream fields{std::string{limits.substr(at + 14)}};
  std::string soft;
  if (!(fields >> soft))
    return std::nullopt;
  return to_u64(soft);
}

void collect_process(std::vector<family_value>& out) {
  const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
  if (auto times = parse_stat_times(read_whole("/proc/self/stat"))) {
    put(out, "process_cpu_seconds_total", "User and system CPU time spent.", kind::counter,
        static_cast<double>(times->cpu_ticks) / hz);
    if (auto boot = boot_time())
      put(out, "process_start_time_seconds", "Start time since the epoch.", kind::gauge,
          *boot + static_cast<double>(times->start_ticks) / hz);
  }
  auto status = read_whole("/proc/self/status");
  if (auto rss = status_kb(status, "VmRSS"))
    put(out, "process_resident_memory_bytes", "Resident memory.", kind::gauge,
        static_cast<double>(*rss) * 1024);
  if (auto vsz = status_kb(status, "VmSize"))
    put(out, "process_virtual_memory_bytes", "Virtual memory (the LMDB map included).",
        kind::gauge, static_cast<double>(*vsz) * 1024);
  put(out, "process_open_fds", "Open file descriptors.", kind::gauge,
      static_cast<double>(open_fds()));
  if (auto max = parse_max_open_files(read_whole("/proc/self/limits")))
    put(out, "process_max_fds", "The limit of open file descriptors.", kind::gauge,
        static_cast<double>(*max));
}

} // namespace strom::metrics
