// strom_raft_sim: runs the raft simulator for one seed or a range of seeds.
//   strom_raft_sim --seed N --trace     replay one seed, printing every event
//   strom_raft_sim --seeds A B          run seeds A..B, one summary line each
//   ... --stop-at-failure               stop after the first seed that fails
//   ... --broken NAME                   with a deliberately broken driver
//                                       (raft::broken_sequencing; tests only)

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "tests/sim/simulation.hpp"

namespace {

using strom::raft::broken_sequencing;

constexpr broken_sequencing every_broken[] = {
  broken_sequencing::none, broken_sequencing::leader_counts_unpersisted,
  broken_sequencing::answers_before_persisting, broken_sequencing::vote_without_persisting};

struct command_line {
  uint64_t first = 0;
  uint64_t last = 0;
  bool have_seed = false;
  bool trace = false;
  bool stop_at_failure = false;
  strom::raft::sim::options opts;
};

int usage() {
  std::cerr << "usage: strom_raft_sim --seed N [--trace] [--fault-ticks T] [--broken NAME]\n"
               "       strom_raft_sim --seeds FIRST LAST [--stop-at-failure] [--broken NAME]\n"
               "NAME:";
  for (auto broken : every_broken)
    std::cerr << " " << to_string(broken);
  std::cerr << "\n";
  return 2;
}

bool parse_broken(const char* name, broken_sequencing* out) {
  for (auto broken : every_broken)
    if (std::strcmp(name, to_string(broken)) == 0) {
      *out = broken;
      return true;
    }
  return false;
}

bool parse(int argc, char** argv, command_line& c) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      c.first = c.last = std::strtoull(argv[++i], nullptr, 10);
      c.have_seed = true;
    } else if (std::strcmp(argv[i], "--seeds") == 0 && i + 2 < argc) {
      c.first = std::strtoull(argv[++i], nullptr, 10);
      c.last = std::strtoull(argv[++i], nullptr, 10);
      c.have_seed = true;
    } else if (std::strcmp(argv[i], "--trace") == 0) {
      c.trace = true;
    } else if (std::strcmp(argv[i], "--stop-at-failure") == 0) {
      c.stop_at_failure = true;
    } else if (std::strcmp(argv[i], "--broken") == 0 && i + 1 < argc) {
      if (!parse_broken(argv[++i], &c.opts.broken))
        return false;
    } else if (std::strcmp(argv[i], "--fault-ticks") == 0 && i + 1 < argc) {
      c.opts.fault_ticks = std::strtoll(argv[++i], nullptr, 10);
    } else {
      return false;
    }
  }
  return c.have_seed && c.first <= c.last;
}

} // namespace

int main(int argc, char** argv) {
  command_line c;
  if (!parse(argc, argv, c))
    return usage();
  uint64_t runs = 0;
  uint64_t failures = 0;
  auto start = std::chrono::steady_clock::now();
  for (auto seed = c.first;; ++seed) {
    c.opts.seed = seed;
    c.opts.trace = c.trace ? &std::cout : nullptr;
    auto result = strom::raft::sim::run(c.opts);
    ++runs;
    // Flushed: a core assertion aborts, and the line says which seed ran before.
    std::cout << "seed " << seed << " " << describe(result) << std::endl;
    failures += result.ok ? 0 : 1;
    if (seed == c.last || (failures > 0 && c.stop_at_failure))
      break;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << runs << " seeds, " << failures << " failed, " << seconds << " s\n";
  return failures == 0 ? 0 : 1;
}
