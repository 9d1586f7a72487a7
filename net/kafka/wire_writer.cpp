#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

void wire_writer::big_endian(uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i)
    out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void wire_writer::uvarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void wire_writer::varint(int32_t v) {
  uvarint((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
}

void wire_writer::varlong(int64_t v) {
  uvarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void wire_writer::uuid(std::string_view sixteen_bytes) {
  std::string id(16, '\0');
  id.replace(0, std::min<size_t>(16, sixteen_bytes.size()), sixteen_bytes.substr(0, 16));
  raw(id);
}

// Compact: uvarint(n + 1), 0 for null; classic: int16 or int32, -1 for null.
void wire_writer::length(int64_t n, int classic_width) {
  if (flexible_)
    uvarint(static_cast<uint64_t>(n + 1));
  else if (classic_width == 2)
    int16(static_cast<int16_t>(n));
  else
    int32(static_cast<int32_t>(n));
}

void wire_writer::string(std::string_view s) {
  length(static_cast<int64_t>(s.size()), 2);
  raw(s);
}

void wire_writer::nullable_string(const std::optional<std::string>& s) {
  if (!s)
    return length(-1, 2);
  string(*s);
}

void wire_writer::bytes(std::string_view b) {
  length(static_cast<int64_t>(b.size()), 4);
  raw(b);
}

void wire_writer::nullable_bytes(const std::optional<std::string>& b) {
  if (!b)
    return length(-1, 4);
  bytes(*b);
}

void wire_writer::array_length(int64_t count) { length(count, 4); }

void wire_writer::tagged_fields() {
  if (flexible_)
    uvarint(0);
}

size_t wire_writer::reserve_int32() {
  auto at = out_.size();
  int32(0);
  return at;
}

void wire_writer::patch_int32(size_t at, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i)
    out_[at + static_cast<size_t>(i)] = static_cast<char>((u >> (8 * (3 - i))) & 0xff);
}

} // namespace strom::kafka
