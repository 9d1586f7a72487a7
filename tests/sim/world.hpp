#pragma once
// The simulated world: nodes with a disk (memory_log + saved hard state)
// that survives crashes, a core that does not, a state machine, and a
// network of packets with delivery times. Every random choice comes from
// the one PRNG, so a seed replays exactly.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "actors/raft/core.hpp"
#include "actors/raft/memory_log.hpp"
#include "tests/sim/invariants.hpp"

namespace strom::raft::sim {

struct sim_node {
  config settings;
  memory_log disk;
  hard_state saved;
  std::unique_ptr<core> raft; // null while crashed
  std::optional<ready> pending; // taken from the core, being written
  int64_t disk_done_at = 0;     // the tick at which the write completes
  int partition = 0;            // nodes talk only within one partition
  raft_index applied;           // the state machine: last index applied...
  uint64_t state_hash = 0;      // ...and a hash of everything applied
  role last_role = role::follower;
};

struct packet {
  message m;
  int64_t deliver_at = 0;
};

// How hostile the world is; chosen per seed, softened after the heal.
struct weather {
  int drop_percent = 0;
  int duplicate_percent = 0;
  int max_delay_ticks = 0;
  int slow_disk_percent = 0;        // a ready takes until the next tick
  int crash_mid_ready_percent = 0;  // crash after persisting, before sending
  int skip_tick_percent = 0;        // clock skew: a node misses a tick
};

class world {
public:
  world(uint64_t seed, std::ostream* trace);

  void add_node(config settings);
  // One random delivery or ready step; false when nothing can happen now.
  bool step();
  void tick_all();
  void crash(size_t i);
  void restart(size_t i);
  void compact(size_t i);

  std::vector<const core*> live() const;
  const invariants& checker() const { return checker_; }
  void check(const core* acted);
  void report(const std::string& failure) { checker_.report(failure); }
  void trace(const std::string& line);

  raft::prng rng;
  std::deque<sim_node> nodes; // a deque: cores hold references to the disks
  std::vector<packet> network;
  weather sky;
  int64_t now = 0;
  // Proposals made by the simulated clients, by payload: the tick made.
  std::map<std::string, int64_t> proposals;
  // The first tick at which each proposal was applied by each node.
  std::map<std::string, std::map<int32_t, int64_t>> applied_at;
  int64_t steps = 0;
  int64_t elections_won = 0;
  int64_t snapshots_installed = 0;

private:
  void deliver(size_t packet_index);
  void take_ready(size_t i);
  void finish_ready(size_t i);
  void apply(sim_node& n, const entry& e);
  void restore_state_machine(sim_node& n, const snapshot& snap);
  void send(message m);
  void note_roles();

  invariants checker_;
  std::ostream* trace_;
};

std::string encode_state(raft_index applied, uint64_t hash);

} // namespace strom::raft::sim
