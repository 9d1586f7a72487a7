#pragma once
// Finding a group's entries in the entries database, which is ordered by
// write sequence, not by group.
//
// A chunk is a run of one group's entries with consecutive indexes written
// at consecutive sequences (one append, extended by the group's next append
// in the same commit while nothing else was written between). Inside a chunk
// index i is at sequence first_seq + (i - first_index), no lookup needed.
// Every entry names its position in its chunk and the last sequence of the
// group's previous chunk, so chunks form a chain walked back from the tail
// (kept in log_meta) or from a sparse index record (sparse_index.hpp): at
// most unindexed_chunks_max hops.

#include <lmdb.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/entry_codec.hpp"
#include "storage/env.hpp"
#include "storage/log_meta.hpp"

namespace strom::storage {

// A run of entries held at consecutive sequences.
struct chunk_span {
  raft_index first;
  raft_index last;
  uint64_t first_seq = 0;
};

// The header of the entry at `seq`; errc::storage_corrupt if it is missing
// or unreadable (a chain or index pointed there).
result<entry_header> header_at(const databases& dbs, MDB_txn* t, group_id group, uint64_t seq);

// The spans holding `index` and some (at least one) after it, in log order,
// the first starting at `index`. Requires first_index <= index <= last_index.
result<std::vector<chunk_span>> spans_from(const databases& dbs, MDB_txn* t, group_id group,
                                           const group_log& log, raft_index index);

// Calls visit(seq, value) for the entries with index in [from, to] in log order
// until it returns false. Requires a non-empty log and from >= first_index.
using entry_visitor = std::function<result<bool>(uint64_t seq, raft_index index,
                                                 const MDB_val& value)>;
result<void> visit_entries(const databases& dbs, MDB_txn* t, group_id group,
                           const group_log& log, raft_index from, raft_index to,
                           const entry_visitor& visit);

// The first entry whose offset max reaches `offset`. Requires a non-empty
// log whose offset_max reaches it.
result<raft_index> first_reaching(const databases& dbs, MDB_txn* t, group_id group,
                                  const group_log& log, record_offset offset);

} // namespace strom::storage
