#pragma once
// What `strom bench produce` and `strom bench consume` share: where the
// cluster is (--manifest or --bootstrap), the topic (created when missing),
// and the one table (or --json object) of figures they print.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "launcher/command_line.hpp"
#include "launcher/commands.hpp"
#include "messages/metadata_types.hpp"
#include "net/client/endpoint.hpp"
#include "launcher/bench/latency_histogram.hpp"

namespace strom {

int run_bench_produce(const args_list& args);
int run_bench_consume(const args_list& args);
int run_bench_group(const args_list& args);
int run_bench_idle(const args_list& args);

// --manifest, --bootstrap, --topic, `own`, --json, --help and the logging options.
std::vector<option_spec> client_bench_options(std::vector<option_spec> own);

// `command` is "bench produce" or "bench consume".
int client_bench_usage(const std::string& command, const std::string& problem,
                       const std::vector<option_spec>& specs);
// Parses the arguments; a status to exit with when that is all there is to
// do (--help, or a usage error).
std::optional<int> parse_client_bench_args(const args_list& args, const std::string& command,
                                           const std::vector<option_spec>& specs,
                                           command_line& cl);

// The bootstrap list from --bootstrap or the manifest's nodes; nothing (and
// a problem for the usage text) when neither or both are given or invalid.
std::optional<std::vector<endpoint>> bench_bootstrap(const command_line& cl,
                                                     std::string& problem);

// The topic as the cluster has it; created with `partitions` and
// `replication` when missing. Retries while the controller is not ready.
caf::expected<topic_metadata> ensure_topic(caf::actor_system& sys,
                                           const std::vector<endpoint>& bootstrap,
                                           const topic_spec& spec, bool create);

// A non-negative integer option into `target`; false (and a problem) if malformed.
template <class T>
bool read_number(const command_line& cl, const std::string& name, T& target,
                 std::string& problem, long long low = 1) {
  auto text = cl.get(name);
  if (!text)
    return true;
  auto value = parse_integer(*text);
  if (!value || *value < low) {
    problem = "--" + name + " must be an integer >= " + std::to_string(low) + ", got '" +
              *text + "'";
    return false;
  }
  target = static_cast<T>(*value);
  return true;
}

struct bench_figure {
  std::string name;
  std::string text; // for the table
  std::string json; // a JSON value
};

void print_figures(std::ostream& out, const std::vector<bench_figure>& figures, bool json);
bench_figure number_figure(const std::string& name, double value, int decimals);
bench_figure text_figure(const std::string& name, const std::string& value);
// p50, p99 and p999 of the histogram, named <prefix>p50_us and so on.
std::vector<bench_figure> latency_figures(const bench::latency_histogram& latency,
                                          const std::string& prefix);

} // namespace strom
