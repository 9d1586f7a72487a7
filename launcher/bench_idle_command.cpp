// strom bench idle: what a cluster costs while it carries no traffic. It
// creates a topic of --partitions (replication --replication), waits until
// every partition has a leader, lets it settle, then asks every broker for
// its process's CPU time and memory twice, --seconds apart: idle CPU as a
// share of one core, resident and peak memory, per node. With thousands of
// partitions this is the figure raft quiescence and heartbeat coalescing
// are for.

#include <iostream>
#include <map>
#include <thread>

#include <caf/scoped_actor.hpp>

#include "launcher/bench_produce_consume.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/tool_credentials.hpp"
#include "messages/error_category.hpp"
#include "net/client/admin_client.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

namespace {

using namespace std::chrono_literals;
using bench_clock = std::chrono::steady_clock;

constexpr auto admin_timeout_ms = 5000ms;

const std::vector<option_spec> idle_options = client_bench_options({
  {"partitions", 0, true, "partitions of the idle topic (default 3000)"},
  {"replication", 0, true, "its replication factor (default 3)"},
  {"seconds", 0, true, "length of the CPU measurement (default 10)"},
  {"settle-seconds", 0, true, "wait after the last leader is elected (default 5)"},
  {"leaders-seconds", 0, true, "the longest wait for every leader (default 300)"},
});

struct idle_load {
  int32_t partitions = 3000;
  int32_t replication = 3;
  int64_t seconds = 10;
  int64_t settle_seconds = 5;
  int64_t leaders_seconds = 300;
  std::string topic = "strom-bench-idle";
};

int usage(const std::string& problem) {
  return client_bench_usage("bench idle", problem, idle_options);
}

bool read_load(const command_line& cl, idle_load& load, std::string& problem) {
  load.topic = cl.get("topic").value_or(load.topic);
  return read_number(cl, "partitions", load.partitions, problem)
         && read_number(cl, "replication", load.replication, problem)
         && read_number(cl, "seconds", load.seconds, problem)
         && read_number(cl, "settle-seconds", load.settle_seconds, problem, 0)
         && read_number(cl, "leaders-seconds", load.leaders_seconds, problem);
}

// Partitions of the topic without a leader as the answering node sees them;
// nothing while the topic is not known there.
std::optional<size_t> leaderless(admin_client& admin, const std::string& topic) {
  auto md = admin.metadata({topic});
  if (!md || md->topics.empty())
    return std::nullopt;
  size_t count = 0;
  for (const auto& p : md->topics.front().partitions)
    count += p.leader.value() < 0 ? 1 : 0;
  return count;
}

// Creates the topic (an existing one is used as it is), then waits for its
// leaders; the seconds that took, or the error.
caf::expected<double> create_and_elect(admin_client& admin, const idle_load& load) {
  auto start = bench_clock::now();
  auto deadline = start + std::chrono::seconds{load.leaders_seconds};
  caf::error last;
  for (bool created = false; bench_clock::now() < deadline; std::this_thread::sleep_for(200ms)) {
    if (!created) {
      auto made = admin.create_topic(topic_spec{load.topic, load.partitions, load.replication});
      created = made || code_of(made.error()) == errc::topic_exists;
      if (!created && !is_retriable(made.error()))
        return made.error();
      continue;
    }
    auto missing = leaderless(admin, load.topic);
    if (missing && *missing == 0)
      return std::chrono::duration<double>(bench_clock::now() - start).count();
  }
  return make_error(errc::timeout, "not every partition of " + load.topic + " had a leader after " +
                                     std::to_string(load.leaders_seconds) + " s");
}

// Every broker's usage, by node; a broker that does not answer is left out.
std::map<node_id, node_usage> usage_of_all(caf::actor_system& sys, admin_client& admin) {
  std::map<node_id, node_usage> out;
  auto md = admin.metadata({});
  if (!md)
    return out;
  for (const auto& b : md->brokers) {
    admin_client one{sys, {endpoint_of(b.address)}, admin_timeout_ms};
    auto broker = one.broker();
    if (!broker)
      continue;
    caf::scoped_actor self{sys};
    self->request(*broker, admin_timeout_ms, usage_atom::value)
      .receive([&](node_usage& u) { out[u.node] = u; }, [](caf::error&) {});
  }
  return out;
}

std::vector<bench_figure> node_figures(const std::map<node_id, node_usage>& before,
                                       const std::map<node_id, node_usage>& after,
                                       double seconds) {
  std::vector<bench_figure> out;
  for (const auto& [id, end] : after) {
    auto it = before.find(id);
    if (it == before.end())
      continue;
    auto name = "node" + std::to_string(id.value()) + "_";
    auto cpu_ms = static_cast<double>(end.cpu_ms - it->second.cpu_ms);
    out.push_back(number_figure(name + "idle_cpu_pct", cpu_ms / (seconds * 1000.0) * 100.0, 1));
    out.push_back(number_figure(name + "rss_mb", static_cast<double>(end.rss_bytes) / (1 << 20), 1));
    out.push_back(
      number_figure(name + "peak_rss_mb", static_cast<double>(end.peak_rss_bytes) / (1 << 20), 1));
    out.push_back(number_figure(name + "replicas", static_cast<double>(end.replicas), 0));
  }
  return out;
}

} // namespace

int run_bench_idle(const args_list& args) {
  command_line cl;
  if (auto done = parse_client_bench_args(args, "bench idle", idle_options, cl))
    return *done;
  std::string problem;
  idle_load load;
  auto bootstrap = bench_bootstrap(cl, problem);
  if (!bootstrap || !read_load(cl, load, problem))
    return usage(problem);
  std::optional<tls_files> tls;
  std::optional<door_credentials> door;
  if (!environment_tls_or_report(tls, door, "bench idle"))
    return exit_code::tls_unusable;
  strom_config cfg{tls, door};
  caf::actor_system sys{cfg};
  admin_client admin{sys, *bootstrap, admin_timeout_ms};
  auto elected_s = create_and_elect(admin, load);
  if (!elected_s) {
    std::cerr << "strom bench idle: " << describe(elected_s.error()) << "\n";
    return exit_code::failure;
  }
  std::this_thread::sleep_for(std::chrono::seconds{load.settle_seconds});
  auto before = usage_of_all(sys, admin);
  auto start = bench_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds{load.seconds});
  auto after = usage_of_all(sys, admin);
  auto seconds = std::chrono::duration<double>(bench_clock::now() - start).count();
  std::vector<bench_figure> figures{number_figure("partitions", load.partitions, 0),
                                    number_figure("replication", load.replication, 0),
                                    number_figure("leaders_elected_s", *elected_s, 1)};
  for (auto& f : node_figures(before, after, seconds))
    figures.push_back(std::move(f));
  print_figures(std::cout, figures, cl.has("json"));
  return after.empty() ? exit_code::unreachable : exit_code::ok;
}

} // namespace strom
