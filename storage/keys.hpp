#pragma once
// Big-endian key encoding, so that LMDB's byte order is the order that
// matters: entries by write sequence (the order they reached the disk), and
// the sparse indexes by (group, index) or (group, record offset), so one
// group's keys are adjacent and any number of groups share one database.

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "messages/types.hpp"

namespace strom::storage {

// Signed values are stored with the sign bit flipped so that negative values
// (never used for ids today) would still sort before positive ones.
inline void put_be64(uint8_t* out, int64_t value) {
  auto bits = static_cast<uint64_t>(value) ^ (uint64_t{1} << 63);
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(bits & 0xFFu);
    bits >>= 8;
  }
}

inline int64_t get_be64(const uint8_t* in) {
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i)
    bits = (bits << 8) | in[i];
  return static_cast<int64_t>(bits ^ (uint64_t{1} << 63));
}

inline void put_be32(uint8_t* out, uint32_t value) {
  for (int i = 3; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value & 0xFFu);
    value >>= 8;
  }
}

inline uint32_t get_be32(const uint8_t* in) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value = (value << 8) | in[i];
  return value;
}

// Key of one group alone (hard state, snapshot, log metadata).
using group_key = std::array<uint8_t, 8>;

inline group_key make_group_key(group_id group) {
  group_key key;
  put_be64(key.data(), group.value());
  return key;
}

// Key of a position inside a group: a raft index or a record offset.
using position_key = std::array<uint8_t, 16>;

inline position_key make_position_key(group_id group, int64_t position) {
  position_key key;
  put_be64(key.data(), group.value());
  put_be64(key.data() + 8, position);
  return key;
}

// Key of an entry in the entries database: its write sequence, a counter
// over every group that only grows, so each commit appends at the tree's end.
using sequence_key = std::array<uint8_t, 8>;

inline sequence_key make_sequence_key(uint64_t sequence) {
  sequence_key key;
  put_be64(key.data(), static_cast<int64_t>(sequence));
  return key;
}

inline uint64_t key_sequence(const uint8_t* key) { return static_cast<uint64_t>(get_be64(key)); }

inline group_id key_group(const uint8_t* key) { return group_id{get_be64(key)}; }
inline int64_t key_position(const uint8_t* key) { return get_be64(key + 8); }

} // namespace strom::storage
