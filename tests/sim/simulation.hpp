#pragma once
// A deterministic simulator that tries to break the raft core and its
// driver, the one the replica actor runs (TigerBeetle's VOPR, in small): it
// owns the network, the disks and time, and one seeded PRNG decides
// everything: delivery order, delays, drops, duplicates, partitions, slow
// and failing writes, crashes that lose what had not landed (a leader's
// appends are out before its own write lands), restarts, client proposals,
// leadership transfers, membership changes and compactions.
// A run is a fault phase followed by a healed phase that must converge
// within a tick budget (the liveness check). Invariants are checked after
// every step; one seed replays the same run exactly.

#include <cstdint>
#include <ostream>
#include <string>

#include "actors/raft/driver.hpp"

namespace strom::raft::sim {

struct options {
  uint64_t seed = 1;
  // Faults happen only during the first fault_ticks ticks.
  int64_t fault_ticks = 300;
  // After the heal, a leader must be elected and a proposal made after the
  // heal applied by every voter within this many ticks. Derivation in
  // simulation.cpp (liveness_budget_ticks).
  int64_t liveness_budget_ticks = 0; // 0: the default derived from the run's config
  std::ostream* trace = nullptr;     // every event, one line each, when set
  // The drivers' sequencing; tests break it on purpose to show the
  // invariants catch each broken variant (driver.hpp).
  broken_sequencing broken = broken_sequencing::none;
};

struct outcome {
  bool ok = true;
  std::string failure; // what broke, at which tick
  int nodes = 0;
  int64_t ticks = 0;
  int64_t steps = 0;            // deliveries and readies, each followed by a check
  int64_t elections_won = 0;
  int64_t entries_committed = 0;
  int64_t crashes = 0;
  int64_t snapshots_installed = 0;
  int64_t membership_changes = 0;
  int64_t heal_to_converge_ticks = -1; // liveness: ticks from heal to convergence
  int64_t liveness_budget_ticks = 0;
};

outcome run(const options& opts);

std::string describe(const outcome& o);

} // namespace strom::raft::sim
