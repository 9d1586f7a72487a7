#pragma once
// The two modes of `strom bench raft`, each in its own file.

#include <optional>

#include "launcher/bench/raft_bench.hpp"

namespace strom::bench {

std::optional<proposer_result> run_in_process(const raft_bench_options& options);
std::optional<proposer_result> run_processes(const raft_bench_options& options);

} // namespace strom::bench
