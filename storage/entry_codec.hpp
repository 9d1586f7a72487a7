#pragma once
// Encoding and decoding of one entry's value (layout in log_entry.hpp).
// parse_header reads the header fields without the CRC check: deletions,
// retention and the chain walks must work even on an entry whose payload
// went bad; decode_entry checks the CRC and is what every read returns.

#include <lmdb.h>

#include <optional>

#include "messages/result.hpp"
#include "storage/keys.hpp"
#include "storage/log_entry.hpp"

namespace strom::storage {

constexpr uint8_t flag_has_last_offset = 1;
constexpr int flag_kind_shift = 1;
constexpr uint8_t flag_kind_mask = 0x0e;
constexpr uint8_t flag_has_offset_max = 0x10;

// Where an entry sits in its group's chain of chunks.
struct chain_link {
  uint32_t chunk_pos = 0;
  uint64_t prev_seq = 0;
  std::optional<record_offset> offset_max;
};

struct entry_header {
  term_id term;
  int64_t timestamp_ms = 0;
  std::optional<record_offset> last_offset;
  uint8_t kind = 0;
  raft_index index;
  chain_link link;
  uint64_t payload_bytes = 0;
};

std::optional<entry_header> parse_header(const MDB_val& value);

// Writes header and payload into `out` (entry_header_bytes + payload bytes).
void encode_entry(uint8_t* out, const log_entry& entry, int64_t timestamp_ms,
                  const chain_link& link);

// The entry, checked against its CRC and against the index it was asked for;
// errc::storage_corrupt naming group and index otherwise.
result<log_entry> decode_entry(group_id group, int64_t index, const MDB_val& value);

// "group G index I", for error messages.
std::string where(group_id group, int64_t index);

} // namespace strom::storage
