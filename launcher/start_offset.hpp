#pragma once
// Where `strom consume -o` starts, in kcat's words: beginning, end, stored
// (the group's committed offset), an absolute offset, -N (N before the end
// of each partition) or s@TIMESTAMP_MS (the first record at or after it).

#include <cstdint>
#include <optional>
#include <string>

namespace strom {

struct start_offset {
  enum class kind { beginning, end, stored, absolute, from_end, timestamp };
  kind what = kind::end;
  int64_t value = 0; // the offset, the distance from the end, or the time in ms
};

std::optional<start_offset> parse_start_offset(const std::string& text);

// Where a partition whose log holds [log_start, log_end) starts for a
// `from_end` distance: never before the log's start.
int64_t from_end_offset(int64_t log_start, int64_t log_end, int64_t distance);

} // namespace strom
