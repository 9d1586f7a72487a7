// strom_raft_sim: runs the raft simulator for one seed or a range of seeds.
//   strom_raft_sim --seed N --trace     replay one seed, printing every event
//   strom_raft_sim --seeds A B          run seeds A..B, one summary line each

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "tests/sim/simulation.hpp"

namespace {

int usage() {
  std::cerr << "usage: strom_raft_sim --seed N [--trace] [--fault-ticks T]\n"
               "       strom_raft_sim --seeds FIRST LAST\n";
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  uint64_t first = 0;
  uint64_t last = 0;
  bool have_seed = false;
  bool trace = false;
  strom::raft::sim::options opts;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      first = last = std::strtoull(argv[++i], nullptr, 10);
      have_seed = true;
    } else if (std::strcmp(argv[i], "--seeds") == 0 && i + 2 < argc) {
      first = std::strtoull(argv[++i], nullptr, 10);
      last = std::strtoull(argv[++i], nullptr, 10);
      have_seed = true;
    } else if (std::strcmp(argv[i], "--trace") == 0) {
      trace = true;
    } else if (std::strcmp(argv[i], "--fault-ticks") == 0 && i + 1 < argc) {
      opts.fault_ticks = std::strtoll(argv[++i], nullptr, 10);
    } else {
      return usage();
    }
  }
  if (!have_seed || last < first)
    return usage();
  int failures = 0;
  auto start = std::chrono::steady_clock::now();
  for (auto seed = first; seed <= last; ++seed) {
    opts.seed = seed;
    opts.trace = trace ? &std::cout : nullptr;
    auto result = strom::raft::sim::run(opts);
    std::cout << "seed " << seed << " " << describe(result) << "\n";
    failures += result.ok ? 0 : 1;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << (last - first + 1) << " seeds, " << failures << " failed, " << seconds << " s\n";
  return failures == 0 ? 0 : 1;
}
