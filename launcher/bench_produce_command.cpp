// strom bench produce: the client library's producer against a running
// cluster, as records/s, MB/s and produce-to-ack latency per record.

#include <algorithm>
#include <condition_variable>
#include <iostream>
#include <mutex>

#include "actors/broker/process_usage.hpp"
#include "launcher/bench_produce_consume.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/tool_credentials.hpp"
#include "net/client/producer.hpp"
#include "net/cluster/system_config.hpp"
#include "launcher/bench/latency_histogram.hpp"

namespace strom {

namespace {

const std::vector<option_spec> produce_options = client_bench_options({
  {"partitions", 'p', true, "partitions of a topic created here (default 3)"},
  {"replication", 'r', true, "replication factor of a topic created here (default 3)"},
  {"records", 'n', true, "records to produce (default 100000)"},
  {"record-bytes", 's', true, "value bytes per record (default 1024)"},
  {"acks", 'a', true, "0, 1 or all (default all)"},
  {"linger-ms", 0, true, "how long a batch waits for more records (default 5)"},
  {"batch-bytes", 0, true, "the largest batch (default 1 MiB minus 64 KiB)"},
  {"batch-fill-bytes", 0, true, "a batch this full goes without lingering (default 16 KiB)"},
  {"in-flight", 0, true, "batches in flight per partition (default 5)"},
  {"keys", 'k', true, "distinct keys, 0 for null keys (default 0)"},
  {"window", 'w', true, "records sent but not yet reported, at most (default 20000)"},
});

struct produce_load {
  topic_spec topic{"strom-bench", 3, 3};
  uint64_t records = 100000;
  size_t record_bytes = 1024;
  uint64_t keys = 0;
  uint64_t window = 20000;
  producer_config config;
};

// What the delivery callbacks (on the producer's actor) tell the sender.
struct produce_tally {
  std::mutex mutex;
  std::condition_variable changed;
  uint64_t outstanding = 0;
  uint64_t wake_at = 0; // the sender waits for outstanding to come down to it
  uint64_t failed = 0;
  std::string first_error;
  bench::latency_histogram latency;
};

int usage(const std::string& problem) {
  return client_bench_usage("bench produce", problem, produce_options);
}

bool read_acks(const command_line& cl, producer_config& config, std::string& problem) {
  auto text = cl.get("acks").value_or("all");
  if (text == "0")
    config.required_acks = acks::none;
  else if (text == "1")
    config.required_acks = acks::leader;
  else if (text == "all" || text == "-1")
    config.required_acks = acks::all;
  else
    problem = "--acks takes 0, 1 or all, got '" + text + "'";
  return problem.empty();
}

bool read_load(const command_line& cl, produce_load& load, std::string& problem) {
  load.topic.name = cl.get("topic").value_or(load.topic.name);
  int64_t linger_ms = load.config.linger_ms.count();
  bool ok = read_number(cl, "partitions", load.topic.partitions, problem) &&
            read_number(cl, "replication", load.topic.replication_factor, problem) &&
            read_number(cl, "records", load.records, problem) &&
            read_number(cl, "record-bytes", load.record_bytes, problem, 0) &&
            read_number(cl, "linger-ms", linger_ms, problem, 0) &&
            read_number(cl, "batch-bytes", load.config.batch_bytes_max, problem) &&
            read_number(cl, "batch-fill-bytes", load.config.batch_fill_bytes, problem) &&
            read_number(cl, "in-flight", load.config.max_in_flight, problem) &&
            read_number(cl, "keys", load.keys, problem, 0) &&
            read_number(cl, "window", load.window, problem) && read_acks(cl, load.config, problem);
  load.config.linger_ms = std::chrono::milliseconds{linger_ms};
  return ok;
}

// A sender blocked on a full window wakes once this many records were
// reported, not at every one: waking it per record costs more than the
// record (two futex calls and a context switch).
uint64_t refill_of(uint64_t window) {
  return std::max<uint64_t>(1, window / 16);
}

void on_report(produce_tally& tally, std::chrono::steady_clock::time_point sent,
               const delivery_report& report) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
    std::chrono::steady_clock::now() - sent);
  std::lock_guard<std::mutex> guard{tally.mutex};
  tally.latency.record(static_cast<uint64_t>(us.count()));
  if (!report.ok() && tally.failed++ == 0)
    tally.first_error = describe(report.error);
  if (--tally.outstanding == tally.wake_at || tally.outstanding == 0)
    tally.changed.notify_all();
}

// Room in the window, once it has any; the room is taken at once.
uint64_t take_room(produce_tally& tally, uint64_t window, uint64_t wanted) {
  std::unique_lock<std::mutex> lock{tally.mutex};
  if (tally.outstanding >= window)
    tally.changed.wait(lock, [&] { return tally.outstanding + refill_of(window) <= window; });
  auto room = std::min(window - tally.outstanding, wanted);
  tally.outstanding += room;
  return room;
}

// Sends every record, keeping at most `window` unreported; the seconds taken.
double produce_all(producer& p, const produce_load& load, produce_tally& tally) {
  const std::string value(load.record_bytes, 'x');
  tally.wake_at = load.window - refill_of(load.window);
  auto start = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < load.records;) {
    auto room = take_room(tally, load.window, load.records - i);
    for (auto end = i + room; i < end; ++i) {
      record r;
      if (load.keys > 0)
        r.key = "key-" + std::to_string(i % load.keys);
      r.value = value;
      auto sent = std::chrono::steady_clock::now();
      // Two words of capture: std::function keeps them without allocating.
      p.send(load.topic.name, std::move(r),
             [&tally, sent](const delivery_report& d) { on_report(tally, sent, d); });
    }
  }
  p.flush();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `cpu_seconds`: the client's own CPU (all its threads) while it produced.
std::vector<bench_figure> figures_of(const produce_load& load, const produce_tally& tally,
                                     double seconds, double cpu_seconds) {
  auto bytes = static_cast<double>(load.records) * static_cast<double>(load.record_bytes);
  std::vector<bench_figure> out{
    number_figure("records", static_cast<double>(load.records), 0),
    number_figure("failed", static_cast<double>(tally.failed), 0),
    number_figure("seconds", seconds, 2),
    number_figure("records_per_s", static_cast<double>(load.records) / seconds, 0),
    number_figure("mb_per_s", bytes / seconds / 1e6, 1),
    number_figure("cpu_seconds", cpu_seconds, 2),
    number_figure("cpu_us_per_record", cpu_seconds * 1e6 / static_cast<double>(load.records), 2)};
  for (auto& f : latency_figures(tally.latency, ""))
    out.push_back(std::move(f));
  return out;
}

} // namespace

int run_bench_produce(const args_list& args) {
  command_line cl;
  if (auto done = parse_client_bench_args(args, "bench produce", produce_options, cl))
    return *done;
  std::string problem;
  produce_load load;
  auto bootstrap = bench_bootstrap(cl, problem);
  if (!bootstrap || !read_load(cl, load, problem))
    return usage(problem);

  std::optional<tls_files> tls;
  std::optional<door_credentials> door;
  if (!environment_tls_or_report(tls, door, "bench produce"))
    return exit_code::tls_unusable;
  strom_config cfg{tls, door};
  caf::actor_system sys{cfg};
  auto topic = ensure_topic(sys, *bootstrap, load.topic, true);
  if (!topic) {
    std::cerr << "strom bench produce: topic " << load.topic.name << ": "
              << describe(topic.error()) << "\n";
    return exit_code::unreachable;
  }
  produce_tally tally;
  double seconds = 0;
  double cpu_seconds = 0;
  {
    producer p{sys, *bootstrap, load.config};
    // All the client's threads, over the span records_per_s covers, as the
    // peers' load generator counts its own CPU.
    auto cpu_ms_before = read_process_usage().cpu_ms;
    seconds = produce_all(p, load, tally);
    cpu_seconds = static_cast<double>(read_process_usage().cpu_ms - cpu_ms_before) / 1000.0;
  }
  print_figures(std::cout, figures_of(load, tally, seconds, cpu_seconds), cl.has("json"));
  if (tally.failed > 0)
    std::cerr << "strom bench produce: " << tally.failed << " records failed, the first with "
              << tally.first_error << "\n";
  return tally.failed == 0 ? exit_code::ok : exit_code::failure;
}

} // namespace strom
