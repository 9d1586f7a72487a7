// The simulator under CI: STROM_SIM_SEEDS seeds (default 2000, from
// STROM_SIM_FIRST_SEED, default 1), each a fault phase and a healed phase
// that must converge within its tick budget. A failing seed prints the
// command that replays it with a trace.

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "tests/sim/simulation.hpp"

namespace strom::raft::sim {
namespace {

uint64_t env_or(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

std::string replay_command(uint64_t seed) {
  return std::string{STROM_RAFT_SIM_PATH} + " --seed " + std::to_string(seed) + " --trace";
}

// A core assertion aborts the process; say which seed did it first.
volatile sig_atomic_t current_seed = 0;

void on_abort(int) {
  char line[256];
  int length = std::snprintf(line, sizeof line,
                             "\nraft simulator aborted at seed %llu; replay: %s --seed %llu --trace\n",
                             static_cast<unsigned long long>(current_seed), STROM_RAFT_SIM_PATH,
                             static_cast<unsigned long long>(current_seed));
  if (length > 0)
    (void) !::write(STDERR_FILENO, line, static_cast<size_t>(length));
  std::signal(SIGABRT, SIG_DFL);
  std::abort();
}

TEST(simulation, no_seed_breaks_safety_and_every_healed_run_converges_in_its_budget) {
  auto first = env_or("STROM_SIM_FIRST_SEED", 1);
  auto count = env_or("STROM_SIM_SEEDS", 2000);
  std::signal(SIGABRT, on_abort);
  int64_t worst_converge = -1;
  uint64_t worst_seed = 0;
  int64_t commits = 0;
  int64_t snapshots = 0;
  int64_t membership_changes = 0;
  for (auto seed = first; seed < first + count; ++seed) {
    current_seed = static_cast<sig_atomic_t>(seed);
    options opts;
    opts.seed = seed;
    auto result = run(opts);
    ASSERT_TRUE(result.ok) << "seed " << seed << " " << describe(result)
                           << "\n  replay: " << replay_command(seed);
    if (result.heal_to_converge_ticks > worst_converge) {
      worst_converge = result.heal_to_converge_ticks;
      worst_seed = seed;
    }
    commits += result.entries_committed;
    snapshots += result.snapshots_installed;
    membership_changes += result.membership_changes;
  }
  std::signal(SIGABRT, SIG_DFL);
  std::printf("%llu seeds: slowest convergence %lld ticks after the heal (seed %llu); "
              "%lld entries committed, %lld snapshots installed, %lld membership changes\n",
              static_cast<unsigned long long>(count), static_cast<long long>(worst_converge),
              static_cast<unsigned long long>(worst_seed), static_cast<long long>(commits),
              static_cast<long long>(snapshots), static_cast<long long>(membership_changes));
  EXPECT_GT(commits, 0) << "the runs must make progress to mean anything";
  EXPECT_GT(snapshots, 0) << "some runs must exercise snapshot install";
  EXPECT_GT(membership_changes, 0) << "some runs must change membership";
}

TEST(simulation, the_same_seed_replays_the_same_run) {
  options opts;
  opts.seed = 7;
  auto a = run(opts);
  auto b = run(opts);
  EXPECT_EQ(describe(a), describe(b));
}

} // namespace
} // namespace strom::raft::sim
