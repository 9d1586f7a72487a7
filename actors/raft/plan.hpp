#pragma once
// What a driver (driver.hpp) asks of its caller: data, carried out in the
// order of plan's fields. The replica actor carries plans out with CAF and
// the storage writer, the simulator with its own network and disks.

#include <cstdint>
#include <optional>
#include <vector>

#include "messages/raft/entry.hpp"
#include "messages/raft/hard_state.hpp"
#include "messages/raft/message.hpp"
#include "messages/raft/snapshot.hpp"

namespace strom::raft {

// One write to stable storage, all of it or nothing: the hard state, then
// the snapshot, then the entries.
struct write {
  uint64_t id = 0; // names the write in driver::persisted()
  std::optional<raft::hard_state> hard_state;
  std::optional<raft::snapshot> snapshot; // from a leader: replaces the whole log
  std::vector<entry> entries;             // replace stored entries from the first one's index on
};

// A ready whose write is durable, or that needed none: to apply.
struct completion {
  raft::write written;          // what became durable; empty when nothing had to be
  std::vector<entry> committed; // apply in order, after restoring written.snapshot if set
};

struct plan {
  // 1. Send these now: nothing in them waits on a write any more.
  std::vector<message> send;
  // 2. Start this write; report it with driver::persisted(id, ok). The
  //    driver keeps it until then (it is tried again after a failure).
  const raft::write* persist = nullptr;
  // 3. Apply this to the state machine, then call driver::advance().
  std::optional<raft::completion> finish;
  // The write failed and nothing of it is durable: call driver::retry()
  // after a pause (a full disk does not empty itself at once).
  bool retry_later = false;

  bool empty() const { return send.empty() && persist == nullptr && !finish && !retry_later; }
};

} // namespace strom::raft
