#pragma once
// `strom bench raft`: one raft group of three replicas with 1 KB proposals,
// fsync always, measured as committed entries/s and commit latency. Either in
// one process (one actor system, three LMDB stores, a local router) or in
// three processes on loopback (`strom bench raft-node` children, joined by
// their brokers).

#include <ostream>
#include <string>

#include "launcher/bench/proposer.hpp"

namespace strom::bench {

struct raft_bench_options {
  proposer_options load;
  std::string scratch_dir = "/tmp";
  bool in_process = true;
  bool processes = true;
  // The strom binary, for the process mode's children.
  std::string strom_binary;
};

// Runs the chosen modes, printing a line each; false if a mode could not run.
bool run_raft_bench(const raft_bench_options& options, std::ostream& out);

// One mode's figures as one line.
std::string describe(const std::string& mode, const proposer_options& load,
                     const proposer_result& r);

} // namespace strom::bench
