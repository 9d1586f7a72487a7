#include "launcher/bench/raft_bench.hpp"

#include <cstdio>

#include "launcher/bench/raft_bench_modes.hpp"

namespace strom::bench {

std::string describe(const std::string& mode, const proposer_options& load,
                     const proposer_result& r) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%-12s %6zu B x %zu/entry window %-4zu %9.0f entries/s %7.1f MB/s  commit %s"
                "  (%llu entries, %llu failed, %.1fs)",
                mode.c_str(), load.payload_bytes, load.batch, load.window,
                r.committed_entries / r.seconds,
                r.committed_entries * load.payload_bytes / r.seconds / 1e6,
                r.latency.summary().c_str(),
                static_cast<unsigned long long>(r.committed_entries),
                static_cast<unsigned long long>(r.failed), r.seconds);
  return line;
}

bool run_raft_bench(const raft_bench_options& options, std::ostream& out) {
  bool ok = true;
  out << "raft bench: 3 replicas, fsync always, " << options.load.proposals << " proposals\n";
  if (options.in_process) {
    auto r = run_in_process(options);
    if (r)
      out << describe("in-process", options.load, *r) << std::endl;
    else
      out << "in-process: no leader was elected\n";
    ok = ok && r.has_value();
  }
  if (options.processes) {
    auto r = run_processes(options);
    if (r)
      out << describe("3 processes", options.load, *r) << std::endl;
    ok = ok && r.has_value();
  }
  return ok;
}

} // namespace strom::bench
