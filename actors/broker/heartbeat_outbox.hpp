#pragma once
// The broker's outbox of heartbeats: a leader's heartbeats and a follower's
// answers to them wait here, per destination node, until the broker's next
// flush (heartbeat_coalesce_ms later) sends each node's share as one
// message_bundle. Everything else (votes, appends and their answers,
// snapshots, timeout_now) goes at once: those carry data or decide
// elections, and a heartbeat waiting a few milliseconds changes neither.
// Raft tolerates the reordering this causes: a heartbeat carries
// min(commit, the follower's match), which the follower already holds.
// Pure.

#include <cstddef>
#include <map>

#include "messages/raft/message_bundle.hpp"
#include "messages/types.hpp"

namespace strom {

class heartbeat_outbox {
public:
  // A bundle this large goes at once, without waiting for the flush.
  static constexpr size_t bundle_messages_max = 4096;

  enum class added {
    first,    // the outbox was empty: the broker arms its flush
    buffered, // a flush is already due
    full,     // the destination's bundle is full: send it now (take(to))
  };

  // Whether `m` waits for the flush, or goes at once.
  static bool coalesces(const raft::message& m);

  added add(node_id to, group_id group, raft::message m);
  // The bundle for `to` (empty if none); the outbox forgets it.
  raft::message_bundle take(node_id to);
  // Every destination's bundle; the outbox is empty after.
  std::map<node_id, raft::message_bundle> take_all();
  // A peer went down: what waited for it is dropped (Raft resends).
  void drop(node_id to) { pending_.erase(to); }
  bool empty() const { return pending_.empty(); }

private:
  std::map<node_id, raft::message_bundle> pending_;
};

} // namespace strom
