#pragma once
// What a caller asks the writer (writer.hpp) to persist for one raft group.

#include <optional>
#include <vector>

#include "messages/types.hpp"
#include "storage/log_entry.hpp"
#include "storage/raft_state.hpp"

namespace strom::storage {

// Everything one raft group wants persisted at once, applied in this order:
// snapshot, truncate, append, hard state, drop prefix. Requests of one group
// are applied in submission order; a failed request changes nothing.
struct write_request {
  group_id group;
  std::optional<snapshot_record> snapshot;
  // Remove entries with index >= truncate_from (a Raft conflict).
  std::optional<raft_index> truncate_from;
  // Appended; if they overlap the log's end, the old suffix is replaced.
  std::vector<log_entry> entries;
  std::optional<hard_state> state;
  // Remove entries with index <= drop_prefix_upto (after a snapshot).
  std::optional<raft_index> drop_prefix_upto;
};

} // namespace strom::storage
