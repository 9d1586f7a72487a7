#pragma once
// The partition logs of every group, in one LMDB environment. Reads open
// their own read transaction and run on any thread. Writes take the caller's
// write transaction; in a node only the writer calls them (tests call them
// directly).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"
#include "storage/env.hpp"
#include "storage/entry_codec.hpp"
#include "storage/log_entry.hpp"

namespace strom::storage {

// What a group's log holds, kept up to date by every write.
struct log_stats {
  uint64_t payload_bytes = 0;
  uint64_t entries = 0;
  // The highest record offset ever dropped from the front (retention or
  // snapshot); fetches at or below it are out of range.
  std::optional<record_offset> dropped_last_offset;
};

class log_store {
public:
  explicit log_store(env& environment) : env_(environment) {}

  // --- reads -------------------------------------------------------------
  // Entries with index in [from, to], in order, checked against their CRC.
  // Stops before the payloads pass max_bytes, but always returns the first
  // entry if there is one, so a reader always makes progress.
  result<std::vector<log_entry>> read(group_id group, raft_index from, raft_index to,
                                      uint64_t max_bytes) const;
  // One entry; errc::not_found if the log does not hold it.
  result<log_entry> entry(group_id group, raft_index index) const;
  // None when the group's log is empty.
  result<std::optional<raft_index>> first_index(group_id group) const;
  result<std::optional<raft_index>> last_index(group_id group) const;
  // The raft index of the entry holding `offset`: the first entry whose last
  // record offset is >= offset (one MDB_SET_RANGE on the sparse offset index,
  // then a walk of at most a few chunks). errc::offset_out_of_range
  // when the offset was dropped from the front, errc::not_found when no
  // entry reaches it yet.
  result<raft_index> find_offset(group_id group, record_offset offset) const;
  result<log_stats> stats(group_id group) const;
  // Every group with a log in this environment.
  result<std::vector<group_id>> groups() const;

  // --- the same reads inside an open transaction ----------------------------
  static result<std::optional<raft_index>> first_index(const databases& dbs, MDB_txn* t,
                                                       group_id group);
  static result<std::optional<raft_index>> last_index(const databases& dbs, MDB_txn* t,
                                                      group_id group);
  static result<log_stats> stats(const databases& dbs, MDB_txn* t, group_id group);
  // The write sequence (key in dbs.entries) holding an entry; errc::not_found
  // if the log does not hold it.
  static result<uint64_t> sequence_of(const databases& dbs, MDB_txn* t, group_id group,
                                      raft_index index);

  // --- writes (inside the caller's write transaction) -----------------------
  // Appends entries with consecutive indexes. The first must follow the log's
  // last entry, or start anywhere in an empty log. If it falls inside the log
  // (a Raft conflict), the old suffix from there on is replaced.
  static result<void> append(const databases& dbs, MDB_txn* t, group_id group,
                             const std::vector<log_entry>& entries);
  // Removes every entry with index >= from.
  static result<void> truncate_suffix(const databases& dbs, MDB_txn* t, group_id group,
                                      raft_index from);
  // Removes entries with index <= upto from the front, at most entries_max
  // of them (0: no bound). Returns how many were removed.
  static result<uint64_t> drop_prefix(const databases& dbs, MDB_txn* t, group_id group,
                                      raft_index upto, uint64_t entries_max);
  // Gives the entry at `seq` (whose header is `header`) a new payload, all
  // else kept: index, term, kind, append time, offsets, chain. For log
  // compaction, which then corrects the group's payload bytes itself.
  static result<void> replace_payload(const databases& dbs, MDB_txn* t, group_id group,
                                      uint64_t seq, const entry_header& header,
                                      std::string_view payload);

private:
  env& env_;
};

} // namespace strom::storage
