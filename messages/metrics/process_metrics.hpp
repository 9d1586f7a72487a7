#pragma once
// The process's own figures under the names every Prometheus client library
// uses (process_cpu_seconds_total, process_resident_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds), read from
// /proc/self at scrape time.

#include <optional>
#include <string_view>
#include <vector>

#include "messages/metrics/registry.hpp"

namespace strom::metrics {

void collect_process(std::vector<family_value>& out);

// Pure parsers, for the unit tests: utime + stime in clock ticks and the
// start time in ticks after boot from a /proc/<pid>/stat line (fields
// counted from the command's last ')'), and "Max open files" from
// /proc/<pid>/limits.
struct stat_times {
  uint64_t cpu_ticks = 0;
  uint64_t start_ticks = 0;
};
std::optional<stat_times> parse_stat_times(std::string_view stat);
std::optional<uint64_t> parse_max_open_files(std::string_view limits);

} // namespace strom::metrics
