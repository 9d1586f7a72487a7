#pragma once
// One entry of a partition's log, which is also its Raft log.

#include <cstdint>
#include <optional>
#include <string>

#include "messages/types.hpp"

namespace strom::storage {

struct log_entry {
  raft_index index;
  term_id term;
  // Stored and returned exactly as given (a record batch's Protobuf bytes,
  // or a no-op / configuration entry).
  std::string payload;
  // The last record offset this entry holds, for fetch-by-offset; none for
  // entries without records (no-op, configuration).
  std::optional<record_offset> last_offset;
  // What the entry is to its user (the raft layer: normal, no-op or
  // configuration), kept so that a restart reads back what was written.
  // Values 0..kind_max.
  uint8_t kind = 0;
  // When the entry was appended here, in ms since the Unix epoch; retention
  // by age uses it. Zero on append means "stamp it now" (the writer does).
  int64_t timestamp_ms = 0;
};

// On disk: a fixed header, then the payload bytes untouched.
//   crc32c   u32  over everything after it (header fields and payload)
//   term     i64
//   time_ms  i64
//   last_off i64  (none is stored as a flag bit below)
//   flags    u8   bit 0: last_off present; bits 1-3: kind
constexpr size_t entry_header_bytes = 4 + 8 + 8 + 8 + 1;
constexpr uint8_t entry_kind_max = 7;

} // namespace strom::storage
