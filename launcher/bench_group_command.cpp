// strom bench group: consumer groups against a running cluster, as figures.
// 1. Rebalance time: a group of --members consumers on a topic of
//    --partitions; one member leaves; the time until the others own every
//    partition again, each once. Eager (range) and cooperative
//    (cooperative_sticky) in turn.
// 2. End-to-end latency: a producer at a steady --rate records/s, each
//    record carrying its send time; a consumer of the group gets them pushed;
//    p50/p99/p999 of produce-to-poll, over --seconds.

#include <atomic>
#include <iostream>
#include <set>
#include <thread>

#include "launcher/bench_produce_consume.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/tool_credentials.hpp"
#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "net/cluster/system_config.hpp"
#include "launcher/bench/latency_histogram.hpp"

namespace strom {

namespace {

using namespace std::chrono_literals;
using bench_clock = std::chrono::steady_clock;

const std::vector<option_spec> group_options = client_bench_options({
  {"members", 0, true, "consumers in the rebalance group (default 10)"},
  {"partitions", 0, true, "partitions of the rebalance topic (default 100)"},
  {"replication", 0, true, "replication factor of the topics (default 3)"},
  {"rate", 0, true, "records/s of the latency run (default 10000)"},
  {"seconds", 0, true, "length of the latency run (default 10)"},
});

struct group_load {
  int members = 10;
  int32_t partitions = 100;
  int32_t replication = 3;
  int64_t rate = 10'000;
  int64_t seconds = 10;
  std::string topic = "strom-bench-group";
};

int usage(const std::string& problem) {
  return client_bench_usage("bench group", problem, group_options);
}

consumer_config member_config(const std::string& group, const std::string& assignor) {
  consumer_config c;
  c.group_id = group;
  c.assignors = {assignor};
  c.enable_auto_commit = false;
  c.auto_offset_reset = reset_policy::latest;
  c.session_timeout_ms = 10s;
  c.heartbeat_interval_ms = 300ms;
  return c;
}

bool fully_owned(std::vector<std::unique_ptr<consumer>>& members, size_t partitions) {
  std::set<topic_partition> all;
  size_t total = 0;
  for (auto& m : members) {
    auto owned = m->assignment();
    total += owned.size();
    all.insert(owned.begin(), owned.end());
  }
  return all.size() == partitions && total == partitions;
}

// Seconds until every partition is owned once, or a negative number after `limit`.
double wait_owned(std::vector<std::unique_ptr<consumer>>& members, size_t partitions,
                  std::chrono::seconds limit) {
  auto start = bench_clock::now();
  while (!fully_owned(members, partitions)) {
    if (bench_clock::now() - start > limit)
      return -1;
    std::this_thread::sleep_for(5ms);
  }
  return std::chrono::duration<double>(bench_clock::now() - start).count();
}

// One member leaves a settled group: the seconds until the rest own it all.
double rebalance_seconds(caf::actor_system& sys, const std::vector<endpoint>& bootstrap,
                         const group_load& load, const std::string& assignor) {
  auto group = "strom-bench-" + assignor + "-"
               + std::to_string(bench_clock::now().time_since_epoch().count());
  std::vector<std::unique_ptr<consumer>> members;
  for (int i = 0; i < load.members; ++i) {
    members.push_back(std::make_unique<consumer>(sys, bootstrap, member_config(group, assignor)));
    members.back()->subscribe({load.topic});
  }
  auto partitions = static_cast<size_t>(load.partitions);
  if (wait_owned(members, partitions, 120s) < 0)
    return -1;
  std::this_thread::sleep_for(1s); // settled: a cooperative group's follow-up is over
  auto start = bench_clock::now();
  members.back()->close();
  members.pop_back();
  if (wait_owned(members, partitions, 120s) < 0)
    return -1;
  auto seconds = std::chrono::duration<double>(bench_clock::now() - start).count();
  for (auto& m : members)
    m->close();
  return seconds;
}

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           bench_clock::now().time_since_epoch())
    .count();
}

// Produces at the rate for the run's length while one consumer takes the pushes.
bench::latency_histogram end_to_end(caf::actor_system& sys, const std::vector<endpoint>& bootstrap,
                                    const group_load& load, const std::string& topic,
                                    uint64_t& received) {
  consumer c{sys, bootstrap, member_config("strom-bench-e2e", "range")};
  c.subscribe({topic});
  auto deadline = bench_clock::now() + 60s;
  while (c.assignment().empty() && bench_clock::now() < deadline)
    c.poll(50ms);
  std::this_thread::sleep_for(1s); // subscriptions at every leader
  std::atomic<bool> producing{true};
  std::thread sender{[&] {
    producer p{sys, bootstrap};
    auto start = bench_clock::now();
    for (int64_t i = 0; producing; ++i) {
      record r;
      r.value = std::to_string(now_us());
      p.send(topic, std::move(r), [](const delivery_report&) {});
      std::this_thread::sleep_until(start + std::chrono::microseconds{(i + 1) * 1'000'000 / load.rate});
    }
    p.flush();
  }};
  bench::latency_histogram latency;
  auto end = bench_clock::now() + std::chrono::seconds{load.seconds};
  while (bench_clock::now() < end) {
    for (const auto& r : c.poll(100ms)) {
      auto sent = std::stoll(r.record.value.value_or("0"));
      latency.record(static_cast<uint64_t>(std::max<int64_t>(0, now_us() - sent)));
      ++received;
    }
  }
  producing = false;
  sender.join();
  return latency;
}

bool read_load(const command_line& cl, group_load& load, std::string& problem) {
  load.topic = cl.get("topic").value_or(load.topic);
  return read_number(cl, "members", load.members, problem)
         && read_number(cl, "partitions", load.partitions, problem)
         && read_number(cl, "replication", load.replication, problem)
         && read_number(cl, "rate", load.rate, problem)
         && read_number(cl, "seconds", load.seconds, problem);
}

} // namespace

int run_bench_group(const args_list& args) {
  command_line cl;
  if (auto done = parse_client_bench_args(args, "bench group", group_options, cl))
    return *done;
  std::string problem;
  group_load load;
  auto bootstrap = bench_bootstrap(cl, problem);
  if (!bootstrap || !read_load(cl, load, problem))
    return usage(problem);
  if (load.members < 2)
    return usage("--members must be at least 2: one of them leaves");

  std::optional<tls_files> tls;
  std::optional<door_credentials> door;
  if (!environment_tls_or_report(tls, door, "bench group"))
    return exit_code::tls_unusable;
  strom_config cfg{tls, door};
  caf::actor_system sys{cfg};
  auto rebalance_topic = ensure_topic(sys, *bootstrap,
                                      topic_spec{load.topic, load.partitions, load.replication}, true);
  auto e2e_topic = ensure_topic(sys, *bootstrap, topic_spec{load.topic + "-e2e", 12, load.replication},
                                true);
  if (!rebalance_topic || !e2e_topic) {
    std::cerr << "strom bench group: " << describe(rebalance_topic ? e2e_topic.error()
                                                                   : rebalance_topic.error())
              << "\n";
    return exit_code::unreachable;
  }
  load.partitions = static_cast<int32_t>(rebalance_topic->partitions.size());
  auto eager = rebalance_seconds(sys, *bootstrap, load, "range");
  auto cooperative = rebalance_seconds(sys, *bootstrap, load, "cooperative_sticky");
  uint64_t received = 0;
  auto latency = end_to_end(sys, *bootstrap, load, load.topic + "-e2e", received);
  std::vector<bench_figure> figures{
    number_figure("members", load.members, 0),
    number_figure("partitions", load.partitions, 0),
    number_figure("rebalance_eager_s", eager, 3),
    number_figure("rebalance_cooperative_s", cooperative, 3),
    number_figure("e2e_rate_per_s", static_cast<double>(load.rate), 0),
    number_figure("e2e_records", static_cast<double>(received), 0)};
  for (auto& f : latency_figures(latency, "e2e_"))
    figures.push_back(std::move(f));
  print_figures(std::cout, figures, cl.has("json"));
  return eager < 0 || cooperative < 0 || received == 0 ? exit_code::failure : exit_code::ok;
}

} // namespace strom
