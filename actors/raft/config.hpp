#pragma once
// Everything a core is told when it is made. Every limit is named here, with
// its unit last.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "messages/types.hpp"

namespace strom::raft {

struct config {
  node_id id;
  // The membership of a brand-new cluster, used only while neither the log
  // nor the snapshot holds a configuration. Empty for a server that joins an
  // existing group: it waits to be added and to learn the log from a leader.
  std::vector<node_id> initial_voters;

  // Followers and candidates start an election after a random number of
  // ticks in [election_tick, 2 * election_tick) without hearing a leader.
  int election_tick = 10;
  // A leader sends heartbeats every heartbeat_tick ticks; must be well below
  // election_tick.
  int heartbeat_tick = 1;
  // Seeds the core's own PRNG for election timeouts, so runs replay exactly.
  uint64_t seed = 1;

  bool pre_vote = true;     // dissertation §9.6
  bool check_quorum = true; // dissertation §6.2: leaders step down without a majority

  // Entries per append message, by bytes (at least one entry is always sent).
  // CAF moves messages above ~1 MB slowly, hence the default.
  size_t max_append_bytes = 1024 * 1024;
  // Unacknowledged appends to one follower: a bound by bytes and by count.
  size_t max_inflight_bytes = 8 * 1024 * 1024;
  size_t max_inflight_messages = 64;
  // An idle group goes quiet (quiesce.cpp): a leader whose followers all
  // hold its whole, committed log tells them so and stops heartbeating;
  // they stop their election timers. The driver must then wake() the core
  // when a peer node goes down or comes back: the node pair's own liveness
  // check stands in for the group's heartbeats.
  bool quiesce = false;
  // Committed entries handed to the driver in one ready.
  size_t max_apply_bytes = 16 * 1024 * 1024;

  // A driver whose state machine is durable says how far it already applied
  // on restart; otherwise the core starts applying after the snapshot.
  raft_index applied;
};

} // namespace strom::raft
