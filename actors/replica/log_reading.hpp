#pragma once
// The partition machine reads the raft log's entries in [from, to], both
// ends included (raft_log_reader), while raft_log::entries takes [low,
// high). Getting this wrong by one left a leader's last entry out of its
// recomputed view: after a failed proposal the view missed the producer's
// last batch, and a retry of that batch was appended a second time.

#include <vector>

#include "actors/raft/raft_log.hpp"

namespace strom::replica_detail {

// Every entry of `log` in [from, to] that it still holds (none below its
// first index, none past its last).
std::vector<raft::entry> entries_through(const raft::raft_log& log, raft_index from,
                                         raft_index to);

} // namespace strom::replica_detail
