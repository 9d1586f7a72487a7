#pragma once
// What the crash child writes, so the parent can recompute every byte.

#include <cstdint>

#include "storage_test_util.hpp"

namespace strom::storage::testing {

constexpr int crash_groups = 4;
// Entries up to 20 KB, so some span several LMDB overflow pages.
constexpr uint64_t crash_entry_bytes_max = 20000;

inline size_t crash_entry_size(group_id group, raft_index index) {
  uint64_t x = static_cast<uint64_t>(group.value() * 1000003 + index.value()) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return 1 + static_cast<size_t>(x % crash_entry_bytes_max);
}

inline term_id crash_term(raft_index index) { return term_id{1 + index.value() / 100}; }

inline log_entry crash_entry(group_id group, raft_index index) {
  log_entry e;
  e.index = index;
  e.term = crash_term(index);
  e.payload = payload_for(group, index, e.term, crash_entry_size(group, index));
  e.last_offset = record_offset{index.value()};
  return e;
}

} // namespace strom::storage::testing
