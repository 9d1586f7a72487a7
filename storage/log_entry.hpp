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

// On disk (entries database, key = write sequence): a fixed header, then the
// payload bytes untouched.
//   crc32c     u32  over everything after it (header fields and payload)
//   term       i64
//   time_ms    i64
//   last_off   i64  (none is stored as a flag bit below)
//   flags      u8   bit 0: last_off present; bits 1-3: kind; bit 4: off_max present
//   index      i64  the raft index, checked against the one asked for
//   chunk_pos  u32  entries of its chunk before it (see chunk_walk.hpp)
//   prev_seq   u64  sequence of the last entry of the group's previous chunk, 0: none
//   off_max    i64  highest last_off of the group's log up to this entry
constexpr size_t entry_header_bytes = 4 + 8 + 8 + 8 + 1 + 8 + 4 + 8 + 8;
constexpr uint8_t entry_kind_max = 7;

} // namespace strom::storage
