#pragma once
// A seeded fault schedule: one fault at a time, each held for a while and
// then healed, drawn from every kind a real cluster meets. Pure: the same
// seed gives the same schedule.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "messages/types.hpp"

namespace strom::testing::jepsen {

enum class fault_kind {
  partition_blackhole, // a peer link drops everything both ways, without RST
  partition_reset,     // a peer link resets every connection and refuses new ones
  one_way,             // a peer link stalls one way only
  peer_delay,          // a peer link delays with jitter
  isolate,             // every peer link of one node a blackhole
  client_delay,        // the clients' link to one node delays with jitter
  client_reset,        // the clients' link to one node resets
  kill,                // SIGKILL, restart after the hold
  pause,               // SIGSTOP, SIGCONT after the hold
  power_cut,           // SIGKILL, the node's file system loses what was not synced, restart
  clock_step,          // the node's wall clock steps minutes forward or back (kept)
};
inline constexpr int fault_kind_count = 11;

const char* to_string(fault_kind kind);

struct fault {
  fault_kind kind;
  node_id a;
  node_id b;                  // the other end of a peer link (or unused)
  std::chrono::milliseconds hold_ms{0};
  std::chrono::milliseconds gap_ms{0}; // healthy time before this fault
  int clock_step_minutes = 0;
  bool torn = false;          // a power cut keeps a torn prefix of the last write

  std::string describe() const;
};

// `count` faults on a cluster of `nodes`; the first `fault_kind_count`
// take each kind once, in an order the seed draws, so that every schedule
// meets every kind.
std::vector<fault> make_schedule(uint64_t seed, int nodes, int count);

} // namespace strom::testing::jepsen
