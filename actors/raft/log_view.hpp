#pragma once
// The durable part of the log as the core reads it. The driver implements it
// over its storage (LMDB in production, memory_log in tests and the
// simulator) and is the only writer: it appends what a ready hands it,
// installs snapshots, and compacts the prefix covered by a snapshot.
// The core never writes through this interface.

#include <cstddef>
#include <optional>
#include <vector>

#include "messages/raft/entry.hpp"
#include "messages/raft/snapshot.hpp"
#include "messages/types.hpp"

namespace strom::raft {

class log_view {
public:
  virtual ~log_view() = default;

  // The first entry still stored: snapshot_meta().index + 1.
  virtual raft_index first_index() const = 0;
  // The last entry stored; snapshot_meta().index when the log is empty.
  virtual raft_index last_index() const = 0;
  // The term of the entry at index, for index in [first_index() - 1,
  // last_index()] (first_index() - 1 answers with the snapshot's term);
  // nothing outside that range.
  virtual std::optional<term_id> term_at(raft_index index) const = 0;
  // Entries in [low, high), stopping before max_bytes but always returning at
  // least one; empty when low < first_index() (compacted).
  virtual std::vector<entry> entries(raft_index low, raft_index high,
                                     size_t max_bytes) const = 0;
  virtual snapshot_meta last_snapshot_meta() const = 0;
  // The latest snapshot with its bytes, to send to a follower that is behind
  // the start of the log.
  virtual raft::snapshot last_snapshot() const = 0;
};

} // namespace strom::raft
