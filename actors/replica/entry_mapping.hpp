#pragma once
// Between the raft core's values and the storage layer's records: entries,
// hard state and snapshots. A snapshot's stored bytes carry the membership
// at its index ahead of the state machine's bytes, since storage keeps only
// (index, term, bytes).

#include "messages/raft/entry.hpp"
#include "messages/raft/hard_state.hpp"
#include "messages/raft/snapshot.hpp"
#include "storage/log_entry.hpp"
#include "storage/raft_state.hpp"

namespace strom {

storage::log_entry to_storage(const raft::entry& e);
raft::entry from_storage(storage::log_entry e);

storage::hard_state to_storage(const raft::hard_state& s);
raft::hard_state from_storage(const storage::hard_state& s);

storage::snapshot_record to_storage(const raft::snapshot& s);
// Nothing when the stored bytes do not hold a membership (a damaged record).
std::optional<raft::snapshot> from_storage(const storage::snapshot_record& s);

} // namespace strom
