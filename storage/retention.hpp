#pragma once
// Retention by size and by age, one bounded chunk at a time. The writer runs
// it between group commits, so a large deletion is spread over many short
// transactions and appends wait at most one chunk.

#include <cstdint>
#include <optional>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"
#include "storage/storage_config.hpp"

namespace strom::storage {

struct retention_step {
  uint64_t dropped = 0;
  // True when the chunk bound stopped the deletion: call again.
  bool more = false;
  // The group's first index after the step (when anything was dropped).
  std::optional<raft_index> first_index;
  // The last entry dropped: the raft layer needs its (index, term) as the
  // log's new base, exactly as after a snapshot.
  raft_index dropped_last_index;
  term_id dropped_last_term;
};

// Drops, from the front of the group's log, entries past `policy`: while the
// payload bytes held exceed retention_bytes_max, or the entry was appended
// more than retention_age_ms_max before now_ms. Never drops an entry above the
// group's saved commit index, nor the last entry; a group with no saved hard
// state keeps everything. At most entries_max entries per call.
result<retention_step> retain_chunk(const databases& dbs, MDB_txn* t, group_id group,
                                    const retention_policy& policy, int64_t now_ms,
                                    uint64_t entries_max);

} // namespace strom::storage
