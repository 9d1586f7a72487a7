#pragma once
// One position of the replicated log. Payloads are opaque bytes: record
// batches for partitions, commands for the controller, an encoded membership
// for configuration entries.

#include <cstddef>
#include <cstdint>
#include <string>

#include "messages/types.hpp"

namespace strom::raft {

enum class entry_type : uint8_t {
  normal, // a client proposal
  noop,   // appended by every new leader so it can commit in its own term (§5.4.2)
  config, // a membership, effective as soon as it is appended (dissertation §4.1)
};

struct entry {
  term_id term;
  raft_index index;
  entry_type type = entry_type::normal;
  std::string payload;

  friend bool operator==(const entry& a, const entry& b) {
    return a.term == b.term && a.index == b.index && a.type == b.type
           && a.payload == b.payload;
  }
  friend bool operator!=(const entry& a, const entry& b) { return !(a == b); }

  template <class Inspector>
  friend auto inspect(Inspector& f, entry& x) {
    return f(x.term, x.index, x.type, x.payload);
  }
};

// What an entry costs in a message or in memory: its payload plus the fixed
// fields, so that empty entries still count against byte limits.
inline constexpr size_t entry_overhead_bytes = 24;

inline size_t entry_bytes(const entry& e) {
  return e.payload.size() + entry_overhead_bytes;
}

} // namespace strom::raft
