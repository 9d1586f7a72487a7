#include "storage/entry_codec.hpp"

#include <cstring>

#include "messages/crc32c.hpp"
#include "storage/mdb_cursor.hpp"

namespace strom::storage {

namespace {

// Byte offsets of the header fields.
constexpr size_t at_term = 4;
constexpr size_t at_time = 12;
constexpr size_t at_last_offset = 20;
constexpr size_t at_flags = 28;
constexpr size_t at_index = 29;
constexpr size_t at_chunk_pos = 37;
constexpr size_t at_prev_seq = 41;
constexpr size_t at_offset_max = 49;

} // namespace

std::string where(group_id group, int64_t index) {
  return "group " + std::to_string(group.value()) + " index " + std::to_string(index);
}

std::optional<entry_header> parse_header(const MDB_val& value) {
  if (value.mv_size < entry_header_bytes)
    return std::nullopt;
  const uint8_t* in = val_bytes(value);
  entry_header header;
  header.term = term_id{get_be64(in + at_term)};
  header.timestamp_ms = get_be64(in + at_time);
  uint8_t flags = in[at_flags];
  if (flags & flag_has_last_offset)
    header.last_offset = record_offset{get_be64(in + at_last_offset)};
  header.kind = static_cast<uint8_t>((flags & flag_kind_mask) >> flag_kind_shift);
  header.index = raft_index{get_be64(in + at_index)};
  header.link.chunk_pos = get_be32(in + at_chunk_pos);
  header.link.prev_seq = static_cast<uint64_t>(get_be64(in + at_prev_seq));
  if (flags & flag_has_offset_max)
    header.link.offset_max = record_offset{get_be64(in + at_offset_max)};
  header.payload_bytes = value.mv_size - entry_header_bytes;
  return header;
}

void encode_entry(uint8_t* out, const log_entry& entry, int64_t timestamp_ms,
                  const chain_link& link) {
  put_be64(out + at_term, entry.term.value());
  put_be64(out + at_time, timestamp_ms);
  put_be64(out + at_last_offset, entry.last_offset ? entry.last_offset->value() : 0);
  out[at_flags] = static_cast<uint8_t>((entry.last_offset ? flag_has_last_offset : 0) |
                                       ((entry.kind << flag_kind_shift) & flag_kind_mask) |
                                       (link.offset_max ? flag_has_offset_max : 0));
  put_be64(out + at_index, entry.index.value());
  put_be32(out + at_chunk_pos, link.chunk_pos);
  put_be64(out + at_prev_seq, static_cast<int64_t>(link.prev_seq));
  put_be64(out + at_offset_max, link.offset_max ? link.offset_max->value() : 0);
  std::memcpy(out + entry_header_bytes, entry.payload.data(), entry.payload.size());
  size_t total = entry_header_bytes + entry.payload.size();
  put_be32(out, crc32c_extend(0, out + 4, total - 4));
}

result<log_entry> decode_entry(group_id group, int64_t index, const MDB_val& value) {
  auto header = parse_header(value);
  if (!header)
    return error{errc::storage_corrupt, where(group, index) + ": entry shorter than its header"};
  const uint8_t* in = val_bytes(value);
  uint32_t stored = get_be32(in);
  uint32_t computed = crc32c_extend(0, in + 4, value.mv_size - 4);
  if (stored != computed)
    return error{errc::storage_corrupt, where(group, index) + ": crc32c mismatch (stored " +
                                            std::to_string(stored) + ", computed " +
                                            std::to_string(computed) + ")"};
  if (header->index.value() != index)
    return error{errc::storage_corrupt, where(group, index) + ": the entry found there is index " +
                                            std::to_string(header->index.value())};
  log_entry out;
  out.index = header->index;
  out.term = header->term;
  out.timestamp_ms = header->timestamp_ms;
  out.last_offset = header->last_offset;
  out.kind = header->kind;
  out.payload.assign(reinterpret_cast<const char*>(in) + entry_header_bytes,
                     header->payload_bytes);
  return out;
}

} // namespace strom::storage
