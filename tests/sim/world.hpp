#pragma once
// The simulated world: nodes with a disk (memory_log + saved hard state)
// that keeps what landed through crashes, a core and its driver (the one
// production runs, driver.hpp) that do not, a state machine, and a network
// of packets with delivery times. Every random choice comes from the one
// PRNG, so a seed replays exactly.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "actors/raft/core.hpp"
#include "actors/raft/driver.hpp"
#include "actors/raft/memory_log.hpp"
#include "tests/sim/invariants.hpp"

namespace strom::raft::sim {

struct sim_node {
  config settings;
  // The disk as the node reads it: every write it started, landed or not
  // (the page cache; LMDB readers, too, see a transaction before its
  // fsync is reported)...
  memory_log disk;
  hard_state saved;
  // ...and as a crash leaves it: only the writes that landed.
  memory_log durable_disk;
  hard_state durable_saved;
  std::unique_ptr<core> raft;      // null while crashed
  std::unique_ptr<driver> drive;   // the production driver; null while crashed
  int64_t write_lands_at = 0;      // the tick at which the driver's write lands
  int partition = 0;               // nodes talk only within one partition
  raft_index applied;              // the state machine: last index applied...
  uint64_t state_hash = 0;         // ...and a hash of everything applied
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
  int slow_disk_percent = 0;        // a write lands only at the next tick
  int crash_mid_write_percent = 0;  // crash before a write lands: it is lost,
                                    // while what went before it is out
  int crash_mid_ready_percent = 0;  // crash after a write landed, before its ready goes on
  int failed_write_percent = 0;     // a write fails (a full disk); tried again next tick
  int skip_tick_percent = 0;        // clock skew: a node misses a tick
};

class world {
public:
  world(uint64_t seed, std::ostream* trace, driver_config driving = {});

  void add_node(config settings);
  // One random delivery or ready step; false when nothing can happen now.
  bool step();
  void tick_all();
  void crash(size_t i);
  void restart(size_t i);
  void compact(size_t i);
  // Carries out what the node's driver asks after an input to its core.
  void drive(sim_node& n);

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
  void carry_out(sim_node& n, plan p);
  void start_write(sim_node& n, const write& w);
  void land_write(size_t i);
  void fail_write(sim_node& n);
  void apply(sim_node& n, const completion& done);
  void apply(sim_node& n, const entry& e);
  void restore_state_machine(sim_node& n, const snapshot& snap);
  void send(message m);
  void note_roles();

  std::string name(const sim_node& n) const;

  invariants checker_;
  std::ostream* trace_;
  driver_config driving_;
};

std::string encode_state(raft_index applied, uint64_t hash);

} // namespace strom::raft::sim
