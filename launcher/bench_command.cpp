// strom bench NAME [OPTIONS]: benchmarks that report, never assert. NAME is one
// of bench_commands(), which also writes the help.

#include <iostream>
#include <map>

#include "launcher/bench_produce_consume.hpp"
#include "launcher/command_line.hpp"
#include "launcher/command_table.hpp"
#include "launcher/commands.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/manifest.hpp"
#include "storage/bench/storage_bench.hpp"
#include "launcher/bench/raft_bench.hpp"

namespace strom {

namespace {

const std::vector<option_spec> storage_options = with_logging_options({
  {"scratch-dir", 'd', true, "where to write (default /tmp); the disk under test"},
  {"case-ms", 0, true, "how long each case runs (default 1000)"},
  {"entry-bytes", 0, true, "entry sizes, comma-separated (default 100,1024,16384)"},
  {"groups", 0, true, "group counts, comma-separated (default 1,8,64)"},
  {"fsync", 0, true, "always, never or always,never (default both)"},
  {"json", 0, false, "one JSON object per case, after the last, instead of the table"},
  {"help", 'h', false, "show this help"},
});

const std::vector<option_spec> raft_options = with_logging_options({
  {"mode", 0, true, "in-process, processes or both (default both)"},
  {"proposals", 'n', true, "proposals to commit (default 20000)"},
  {"payload-bytes", 's', true, "bytes per entry (default 1024)"},
  {"batch", 'b', true, "entries per proposal (default 1)"},
  {"window", 'w', true, "proposals in flight (default 64)"},
  {"scratch-dir", 'd', true, "where the replicas' stores go (default /tmp)"},
  {"help", 'h', false, "show this help"},
});

int usage(const std::string& problem) {
  auto& out = problem.empty() ? std::cout : std::cerr;
  if (!problem.empty())
    out << "strom bench: " << problem << "\n";
  out << "usage: strom bench NAME [OPTIONS]\n";
  for (const auto& b : bench_commands())
    out << "  " << b.name << std::string(b.name.size() < 10 ? 11 - b.name.size() : 1, ' ')
        << b.summary << "\n";
  out << "\nstrom bench storage [OPTIONS]\n" << describe_options(storage_options)
      << "strom bench raft [OPTIONS]\n" << describe_options(raft_options)
      << "strom bench NAME --help: the options of the others\n";
  return problem.empty() ? exit_code::ok : exit_code::usage;
}

// Reads a positive integer option into `target`; false (and a message) if malformed.
template <class T>
bool read_count(const command_line& cl, const std::string& name, T& target, std::string& problem) {
  auto text = cl.get(name);
  if (!text)
    return true;
  auto value = parse_integer(*text);
  if (!value || *value <= 0) {
    problem = "--" + name + " must be a positive integer, got '" + *text + "'";
    return false;
  }
  target = static_cast<T>(*value);
  return true;
}

// Reads a comma-separated list of positive integers into `target`.
template <class T>
bool read_list(const command_line& cl, const std::string& name, std::vector<T>& target,
               std::string& problem) {
  auto text = cl.get(name);
  if (!text)
    return true;
  target.clear();
  for (const auto& item : split_commas(*text)) {
    auto value = parse_integer(item);
    if (!value || *value <= 0) {
      problem = "--" + name + " takes positive integers separated by commas, got '" + *text + "'";
      return false;
    }
    target.push_back(static_cast<T>(*value));
  }
  return !target.empty();
}

bool read_policies(const command_line& cl, storage::bench_options& options, std::string& problem) {
  auto text = cl.get("fsync");
  if (!text)
    return true;
  options.policies.clear();
  for (const auto& item : split_commas(*text)) {
    if (item == "always")
      options.policies.push_back(storage::fsync_policy::always);
    else if (item == "never")
      options.policies.push_back(storage::fsync_policy::never);
    else {
      problem = "--fsync takes always and/or never, got '" + item + "'";
      return false;
    }
  }
  return true;
}

// Parses `strom bench NAME`'s options and sets its logging up; a status to
// exit with when that is all to do.
std::optional<int> parse_bench_args(const std::string& name, const args_list& args,
                                    const std::vector<option_spec>& specs, command_line& cl) {
  cl = parse_command_line(args, specs);
  if (auto logs = setup_logging(cl, log_source::of_command("bench " + name)); !logs)
    return usage(logs.error().message);
  if (!cl.error.empty() || !cl.positional.empty())
    return usage(cl.error.empty() ? "unexpected argument '" + cl.positional[0] + "'" : cl.error);
  if (cl.has("help"))
    return usage("");
  return std::nullopt;
}

// One JSON object per case: scripts read the figures (make bench-compare
// sets raw_mb_per_s beside what a cluster writes) without parsing the table.
void print_storage_json(const std::vector<storage::bench_result>& results) {
  for (const auto& r : results)
    print_figures(std::cout,
                  {text_figure("fsync", to_string(r.policy)),
                   number_figure("entry_bytes", static_cast<double>(r.entry_bytes), 0),
                   number_figure("groups", r.groups, 0),
                   number_figure("entries_per_s", r.entries_per_s, 0),
                   number_figure("mb_per_s", r.mb_per_s, 2),
                   number_figure("fsyncs_per_s", r.fsyncs_per_s, 0),
                   number_figure("bytes_per_commit", r.bytes_per_commit, 0),
                   number_figure("raw_mb_per_s", r.raw_mb_per_s, 2),
                   number_figure("raw_share", r.raw_share, 3)},
                  true);
}

int bench_storage(const args_list& args) {
  command_line cl;
  if (auto done = parse_bench_args("storage", args, storage_options, cl))
    return *done;
  storage::bench_options options;
  options.scratch_dir = cl.get("scratch-dir").value_or("/tmp");
  std::string problem;
  if (!read_count(cl, "case-ms", options.case_duration_ms, problem) ||
      !read_list(cl, "entry-bytes", options.entry_bytes, problem) ||
      !read_list(cl, "groups", options.groups, problem) || !read_policies(cl, options, problem))
    return usage(problem);
  bool json = cl.has("json");
  std::ostream discard{nullptr}; // under --json the table goes nowhere: stdout is the JSON's
  auto results = storage::run_storage_bench(options, json ? discard : std::cout);
  if (json)
    print_storage_json(results);
  return exit_code::ok;
}

int bench_raft(const args_list& args) {
  command_line cl;
  if (auto done = parse_bench_args("raft", args, raft_options, cl))
    return *done;
  bench::raft_bench_options options;
  options.scratch_dir = cl.get("scratch-dir").value_or("/tmp");
  options.strom_binary = "/proc/self/exe";
  auto mode = cl.get("mode").value_or("both");
  if (mode != "in-process" && mode != "processes" && mode != "both")
    return usage("--mode must be in-process, processes or both");
  options.in_process = mode != "processes";
  options.processes = mode != "in-process";
  std::string problem;
  auto& load = options.load;
  if (!read_count(cl, "proposals", load.proposals, problem) ||
      !read_count(cl, "payload-bytes", load.payload_bytes, problem) ||
      !read_count(cl, "batch", load.batch, problem) ||
      !read_count(cl, "window", load.window, problem))
    return usage(problem);
  return bench::run_raft_bench(options, std::cout) ? exit_code::ok : exit_code::failure;
}

} // namespace

const std::vector<command_entry>& bench_commands() {
  static const std::vector<command_entry> commands = {
    {"storage", "the writer's throughput against the disk's raw fdatasync rate", bench_storage},
    {"raft", "one raft group of 3 replicas: in one process and in 3", bench_raft},
    {"produce", "the client library's producer against a cluster", run_bench_produce},
    {"consume", "the client library's consumer against a cluster", run_bench_consume},
    {"group", "consumer group rebalances and end-to-end latency in a group", run_bench_group},
    {"idle", "idle CPU and memory per node holding many partitions", run_bench_idle},
    {"raft-node", "a node that also holds raft group 1 (bench raft starts these)",
     run_bench_node},
  };
  return commands;
}

int run_bench(const args_list& args) {
  if (args.empty())
    return usage("name a benchmark");
  if (args[0] == "--help" || args[0] == "-h")
    return usage("");
  for (const auto& b : bench_commands())
    if (args[0] == b.name)
      return b.run(args_list(args.begin() + 1, args.end()));
  return usage("unknown benchmark '" + args[0] + "'");
}

} // namespace strom
