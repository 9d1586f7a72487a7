#pragma once
// The sparse indexes that make a lookup by raft index or record offset a
// short walk instead of a scan. Only one chunk in unindexed_chunks_max gets
// records, so a commit touching every group dirties a few index pages rather
// than one per group (what made the per-entry index cost ~3x in writes).
//
//   chunk_index:  (group, chunk's first index) -> last seq of the chunk before it
//   offset_index: (group, offset max before the chunk) -> the same seq, and the
//                 chunk's first index (for deleting the records of a suffix)
//
// A record for chunk D names where to start walking back for anything before
// D. Records never go stale: truncation and retention delete the records of
// the chunks they remove (with the same transaction).

#include <lmdb.h>

#include <cstdint>
#include <optional>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"

namespace strom::storage {

// At most this many chunks are passed between two records (or the tail).
constexpr uint32_t unindexed_chunks_max = 32;

result<void> put_chunk_records(const databases& dbs, MDB_txn* t, group_id group,
                               raft_index chunk_first, uint64_t prev_seq,
                               std::optional<record_offset> offset_max_before);

// Where to start walking back for `index`: the last entry before the first
// indexed chunk starting after it; none when no such chunk exists (walk from
// the tail).
result<std::optional<uint64_t>> index_walk_start(const databases& dbs, MDB_txn* t,
                                                 group_id group, raft_index index);
// The same for the first entry whose offset max reaches `offset`.
result<std::optional<uint64_t>> offset_walk_start(const databases& dbs, MDB_txn* t,
                                                  group_id group, record_offset offset);

// Deletes the records of chunks starting at or after `from` (truncation).
result<void> erase_records_from(const databases& dbs, MDB_txn* t, group_id group,
                                raft_index from);
// Deletes the records of chunks starting at or before `upto` (retention).
result<void> erase_records_through(const databases& dbs, MDB_txn* t, group_id group,
                                   raft_index upto);

} // namespace strom::storage
