#pragma once
// What the stores keep per group beside its entries (one small record per
// group in log_meta, so every group's record shares a few pages and updating
// them all in one commit costs little), and the write sequence shared by all
// groups (in the format database).

#include <lmdb.h>

#include <cstdint>
#include <optional>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"
#include "storage/log_store.hpp"

namespace strom::storage {

struct group_log {
  log_stats stats;
  // Meaningful only when the log holds entries.
  raft_index first_index;
  raft_index last_index;
  // Sequence of the last entry; 0 when the log is empty.
  uint64_t tail_seq = 0;
  // Sequence of the tail chunk's first entry and of the previous chunk's last
  // entry, so an append can extend the tail chunk without reading it.
  uint64_t tail_chunk_seq = 0;
  uint64_t tail_prev_seq = 0;
  // Highest record offset in the log (or dropped from it), none before any.
  std::optional<record_offset> offset_max;
  // Chunks started since the last one given sparse index records.
  uint32_t chunks_unindexed = 0;

  bool empty() const { return tail_seq == 0; }
};

result<group_log> load_group_log(const databases& dbs, MDB_txn* t, group_id group);
result<void> save_group_log(const databases& dbs, MDB_txn* t, group_id group,
                            const group_log& log);

// The sequence the next appended entry gets; sequences start at 1.
result<uint64_t> load_next_sequence(const databases& dbs, MDB_txn* t);
result<void> save_next_sequence(const databases& dbs, MDB_txn* t, uint64_t next);

} // namespace strom::storage
