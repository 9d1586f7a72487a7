#pragma once
// What the core asks of its driver, in the order the driver must do it:
//   1. persist: hard_state (if set), snapshot (if set), then entries
//      (storing entries deletes every stored entry at or after
//      entries.front().index first);
//   2. send messages (only now: votes and acknowledgements in them are
//      promises about what step 1 made durable);
//   3. apply committed_entries to the state machine, in order (after
//      installing snapshot, if set);
//   4. call core::advance().
// The driver may call step() and tick() while it works on a ready; it gets
// the next ready only after advance(). driver.hpp is that driver, the one
// production and the simulator run; it takes two shortcuts: a leader's
// appends go before its own write (take_leader_messages), and a ready that
// only moves the commit index needs no write.

#include <optional>
#include <vector>

#include "messages/raft/entry.hpp"
#include "messages/raft/hard_state.hpp"
#include "messages/raft/message.hpp"
#include "messages/raft/snapshot.hpp"

namespace strom::raft {

struct ready {
  std::optional<raft::hard_state> hard_state; // set when it changed
  std::optional<raft::snapshot> snapshot;     // received from a leader: install it
  std::vector<entry> entries;                 // to append to stable storage
  std::vector<message> messages;              // to send after persisting
  std::vector<entry> committed_entries;       // to apply after persisting

  bool empty() const {
    return !hard_state && !snapshot && entries.empty() && messages.empty()
           && committed_entries.empty();
  }
};

} // namespace strom::raft
