#pragma once
// Little-endian fixed-width integers for the partition's snapshot bytes: the
// snapshot is local to strom and small, so a schema would buy nothing.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace strom::fixed {

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  auto raw = static_cast<std::make_unsigned_t<T>>(value);
  for (size_t i = 0; i < sizeof(T); ++i)
    bytes[i] = static_cast<char>((raw >> (8 * i)) & 0xff);
  out.append(bytes, sizeof(T));
}

// Nothing when fewer than sizeof(T) bytes are left.
template <class T>
std::optional<T> take(std::string_view& in) {
  if (in.size() < sizeof(T))
    return std::nullopt;
  std::make_unsigned_t<T> raw = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    raw |= static_cast<std::make_unsigned_t<T>>(static_cast<uint8_t>(in[i])) << (8 * i);
  in.remove_prefix(sizeof(T));
  return static_cast<T>(raw);
}

} // namespace strom::fixed
