#pragma once
// Reading an entry's header fields without the CRC check: deletions and
// retention must work even on an entry whose payload went bad. Layout in
// log_entry.hpp.

#include <lmdb.h>

#include <optional>

#include "storage/keys.hpp"
#include "storage/log_entry.hpp"

namespace strom::storage {

constexpr uint8_t flag_has_last_offset = 1;
constexpr int flag_kind_shift = 1;
constexpr uint8_t flag_kind_mask = 0x0e;

struct entry_header {
  term_id term;
  int64_t timestamp_ms = 0;
  std::optional<record_offset> last_offset;
  uint8_t kind = 0;
  uint64_t payload_bytes = 0;
};

inline std::optional<entry_header> parse_header(const MDB_val& value) {
  if (value.mv_size < entry_header_bytes)
    return std::nullopt;
  const auto* in = static_cast<const uint8_t*>(value.mv_data);
  entry_header header;
  header.term = term_id{get_be64(in + 4)};
  header.timestamp_ms = get_be64(in + 12);
  if (in[28] & flag_has_last_offset)
    header.last_offset = record_offset{get_be64(in + 20)};
  header.kind = static_cast<uint8_t>((in[28] & flag_kind_mask) >> flag_kind_shift);
  header.payload_bytes = value.mv_size - entry_header_bytes;
  return header;
}

} // namespace strom::storage
