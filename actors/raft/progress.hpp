#pragma once
// What a leader knows about one follower (Figure 2's nextIndex and
// matchIndex), and how it paces appends to it, in the manner of etcd's
// tracker: probe one message at a time until the follower's log is found,
// then pipeline within the in-flight bounds, or wait for a snapshot.

#include <cstddef>
#include <deque>

#include "messages/types.hpp"

namespace strom::raft {

// Appends sent to one follower and not yet acknowledged, oldest first.
class inflights {
public:
  void add(raft_index last_index, size_t bytes);
  // The follower acknowledged everything up to index.
  void free_to(raft_index index);
  void free_first();
  void reset();
  bool full(size_t max_messages, size_t max_bytes) const {
    return sent_.size() >= max_messages || bytes_ >= max_bytes;
  }
  size_t count() const { return sent_.size(); }
  size_t bytes() const { return bytes_; }

private:
  struct sent {
    raft_index last_index;
    size_t bytes;
  };
  std::deque<sent> sent_;
  size_t bytes_ = 0;
};

enum class progress_state : uint8_t {
  probe,     // next is a guess: one append at a time until one is accepted
  replicate, // next is known: pipeline appends, optimistically advancing next
  snapshot,  // behind the start of the leader's log: a snapshot is on its way
};

const char* to_string(progress_state state);

struct progress {
  raft_index match; // highest index known to be durable on the follower
  raft_index next;  // next index to send
  progress_state state = progress_state::probe;
  bool probe_sent = false;     // probe: an append is out, wait for its answer
  raft_index pending_snapshot; // snapshot: the index the snapshot covers
  int snapshot_elapsed_ticks = 0; // snapshot: resend after an election timeout
  bool recent_active = false;  // heard from since the last check-quorum
  bool active_last_window = true; // recent_active as the last check-quorum found it
  inflights in_flight;

  void become_probe();
  void become_replicate();
  void become_snapshot(raft_index snapshot_index);
  // An acknowledgement of index: returns whether it taught us something new.
  bool maybe_update(raft_index index);
  // A rejection of the append after `rejected`, with next_hint where the
  // follower's log may match. Returns false for a stale rejection.
  bool maybe_decrease_to(raft_index rejected, raft_index next_hint);
  // Entries up to last_index were just sent in bytes.
  void sent_entries(raft_index last_index, size_t bytes);
  bool is_paused(size_t max_inflight_messages, size_t max_inflight_bytes) const;
};

} // namespace strom::raft
