// The simulator under CI: STROM_SIM_SEEDS seeds (default 2000) from the
// first seed STROM_SEED (a new random one each run when unset), each a fault
// phase and a healed phase that must converge within its tick budget. A
// failing seed prints the command that replays it with a trace, and the one
// that reruns this test from it. Then the simulator's own test: as many
// seeds against each deliberately broken driver (raft::broken_sequencing)
// must catch every one of them.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <unistd.h>

#include "tests/sim/broken_search.hpp"
#include "tests/sim/simulation.hpp"
#include "tests/support/test_seed.hpp"

namespace strom::raft::sim {
namespace {

uint64_t seed_count() {
  const char* value = std::getenv("STROM_SIM_SEEDS");
  return value != nullptr ? std::strtoull(value, nullptr, 10) : 2000;
}

// The first of count seeds, kept clear of wrapping around.
uint64_t first_seed(uint64_t count) {
  return std::min(strom::testing::test_seed(), UINT64_MAX - count);
}

// A core assertion aborts the process; say which seed did it first. Set
// before each run, read by the handler: lock-free atomics are safe there.
std::atomic<uint64_t> current_seed{0};
static_assert(std::atomic<uint64_t>::is_always_lock_free);
// This test binary, found before any run: the handler may not allocate.
char test_binary[1024] = "raft_sim_tests";

void on_abort(int) {
  char line[2048];
  auto seed = static_cast<unsigned long long>(current_seed.load());
  int length = std::snprintf(line, sizeof line,
                             "\nraft simulator aborted at seed %llu; replay: %s --seed %llu --trace\n"
                             "rerun: STROM_SEED=%llu %s\n",
                             seed, STROM_RAFT_SIM_PATH, seed, seed, test_binary);
  if (length > 0)
    (void) !::write(STDERR_FILENO, line, std::min(static_cast<size_t>(length), sizeof line - 1));
  std::signal(SIGABRT, SIG_DFL);
  std::abort();
}

void catch_aborts() {
  auto length = ::readlink("/proc/self/exe", test_binary, sizeof test_binary - 1);
  if (length > 0)
    test_binary[length] = '\0';
  std::signal(SIGABRT, on_abort);
}

struct totals {
  int64_t worst_converge = -1;
  uint64_t worst_seed = 0;
  int64_t commits = 0;
  int64_t snapshots = 0;
  int64_t membership_changes = 0;

  void add(uint64_t seed, const outcome& result) {
    if (result.heal_to_converge_ticks > worst_converge) {
      worst_converge = result.heal_to_converge_ticks;
      worst_seed = seed;
    }
    commits += result.entries_committed;
    snapshots += result.snapshots_installed;
    membership_changes += result.membership_changes;
  }
};

TEST(simulation, no_seed_breaks_safety_and_every_healed_run_converges_in_its_budget) {
  auto count = seed_count();
  auto first = first_seed(count);
  catch_aborts();
  totals sum;
  for (auto seed = first; seed < first + count; ++seed) {
    strom::testing::seed_trace trace{seed};
    current_seed = seed;
    options opts;
    opts.seed = seed;
    auto result = run(opts);
    ASSERT_TRUE(result.ok) << "seed " << seed << " " << describe(result)
                           << "\n  replay: " << replay_command(seed, broken_sequencing::none);
    sum.add(seed, result);
  }
  std::signal(SIGABRT, SIG_DFL);
  std::printf("seeds %llu..%llu: slowest convergence %lld ticks after the heal (seed %llu); "
              "%lld entries committed, %lld snapshots installed, %lld membership changes\n",
              static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(first + count - 1),
              static_cast<long long>(sum.worst_converge),
              static_cast<unsigned long long>(sum.worst_seed), static_cast<long long>(sum.commits),
              static_cast<long long>(sum.snapshots),
              static_cast<long long>(sum.membership_changes));
  EXPECT_GT(sum.commits, 0) << "the runs must make progress to mean anything";
  EXPECT_GT(sum.snapshots, 0) << "some runs must exercise snapshot install";
  EXPECT_GT(sum.membership_changes, 0) << "some runs must change membership";
}

TEST(simulation, the_same_seed_replays_the_same_run) {
  auto seed = strom::testing::test_seed();
  strom::testing::seed_trace trace{seed};
  options opts;
  opts.seed = seed;
  std::ostringstream first_trace;
  std::ostringstream second_trace;
  opts.trace = &first_trace;
  auto a = run(opts);
  opts.trace = &second_trace;
  auto b = run(opts);
  EXPECT_EQ(describe(a), describe(b));
  EXPECT_TRUE(first_trace.str() == second_trace.str()) << "the two runs' events differ";
}

// The simulator's own test: a driver that breaks the production sequencing
// in one way must be caught within the seeds CI runs.
class broken_driver : public ::testing::TestWithParam<broken_sequencing> {};

TEST_P(broken_driver, is_caught_by_the_simulator_within_the_ci_seed_count) {
  auto count = seed_count();
  auto first = first_seed(count);
  strom::testing::seed_trace trace{first};
  auto found = search_for_failure(GetParam(), first, count);
  ASSERT_TRUE(found.problem.empty()) << found.problem;
  ASSERT_TRUE(found.caught) << to_string(GetParam()) << " went unnoticed through seeds " << first
                            << ".." << first + count - 1;
  std::printf("%s: caught at seed %llu, seed %llu of %llu tried: %s\n  replay: %s\n",
              to_string(GetParam()), static_cast<unsigned long long>(found.seed),
              static_cast<unsigned long long>(found.seed - first + 1),
              static_cast<unsigned long long>(count), found.failure.c_str(),
              replay_command(found.seed, GetParam()).c_str());
  for (auto seed : found.aborted)
    std::printf("  (seed %llu ended in a core assertion first)\n",
                static_cast<unsigned long long>(seed));
}

INSTANTIATE_TEST_SUITE_P(simulation, broken_driver,
                         ::testing::Values(broken_sequencing::leader_counts_unpersisted,
                                           broken_sequencing::answers_before_persisting,
                                           broken_sequencing::vote_without_persisting),
                         [](const auto& info) { return std::string{to_string(info.param)}; });

} // namespace
} // namespace strom::raft::sim
