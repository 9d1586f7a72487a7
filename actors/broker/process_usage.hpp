#pragma once
// This process's CPU time and resident memory from Linux's /proc/self, for
// the broker's usage answer. The parsers are pure, for the unit tests.

#include <cstdint>
#include <optional>
#include <string_view>

#include "messages/cluster_types.hpp"

namespace strom {

// /proc/self/stat and /proc/self/status as they are now; a field that cannot
// be read stays 0.
node_usage read_process_usage();

// utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in clock
// ticks. The command name (field 2) may hold spaces and parentheses, so
// fields are counted from its last ')'.
std::optional<int64_t> cpu_ticks_of_stat(std::string_view stat);

// The value in kB of a "Key:   1234 kB" line of /proc/<pid>/status.
std::optional<int64_t> status_kb(std::string_view status, std::string_view key);

} // namespace strom
