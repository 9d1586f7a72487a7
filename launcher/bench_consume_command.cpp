// strom bench consume: reads a topic from its start to its end (the high
// watermarks when the run begins) with the client library's partition
// readers, one thread per partition, as records/s and MB/s.

#include <atomic>
#include <iostream>
#include <thread>

#include "launcher/bench_produce_consume.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/tool_credentials.hpp"
#include "messages/error_category.hpp"
#include "net/client/partition_reader.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

namespace {

constexpr std::chrono::milliseconds poll_wait_ms{500};

const std::vector<option_spec> consume_options = client_bench_options({
  {"fetch-bytes", 0, true, "bytes per fetch, at most (default 1 MiB)"},
});

struct partition_tally {
  uint64_t records = 0;
  uint64_t bytes = 0; // keys and values
  std::string error;
};

int usage(const std::string& problem) {
  return client_bench_usage("bench consume", problem, consume_options);
}

void read_partition(caf::actor_system& sys, const std::vector<endpoint>& bootstrap,
                    const std::string& topic, partition_id p, uint64_t fetch_bytes,
                    partition_tally& tally) {
  partition_reader reader{std::make_shared<leader_session>(sys, bootstrap), topic, p,
                          fetch_bytes};
  auto end = reader.list_offsets(latest_offset_spec);
  auto start = end ? reader.seek_to(earliest_offset_spec) : end;
  if (!start) {
    tally.error = describe(start.error());
    return;
  }
  while (reader.position() < *end) {
    auto got = reader.poll(poll_wait_ms);
    if (!got) {
      tally.error = describe(got.error());
      return;
    }
    for (const auto& r : got->records) {
      ++tally.records;
      tally.bytes += (r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0);
    }
  }
}

} // namespace

int run_bench_consume(const args_list& args) {
  command_line cl;
  if (auto done = parse_client_bench_args(args, "bench consume", consume_options, cl))
    return *done;
  std::string problem;
  auto bootstrap = bench_bootstrap(cl, problem);
  if (!bootstrap)
    return usage(problem);
  uint64_t fetch_bytes = 1 << 20;
  if (auto text = cl.get("fetch-bytes")) {
    auto value = parse_integer(*text);
    if (!value || *value < 1)
      return usage("--fetch-bytes must be a positive integer, got '" + *text + "'");
    fetch_bytes = static_cast<uint64_t>(*value);
  }

  std::optional<tls_files> tls;
  std::optional<door_credentials> door;
  if (!environment_tls_or_report(tls, door, "bench consume"))
    return exit_code::tls_unusable;
  strom_config cfg{tls, door};
  caf::actor_system sys{cfg};
  topic_spec spec;
  spec.name = cl.get("topic").value_or("strom-bench");
  auto topic = ensure_topic(sys, *bootstrap, spec, false);
  if (!topic) {
    std::cerr << "strom bench consume: topic " << spec.name << ": " << describe(topic.error())
              << "\n";
    return exit_code::unreachable;
  }
  std::vector<partition_tally> tallies(topic->partitions.size());
  std::vector<std::thread> readers;
  auto begin = std::chrono::steady_clock::now();
  for (size_t i = 0; i < tallies.size(); ++i)
    readers.emplace_back([&, i] {
      read_partition(sys, *bootstrap, spec.name, partition_id{static_cast<int32_t>(i)},
                     fetch_bytes, tallies[i]);
    });
  for (auto& t : readers)
    t.join();
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  partition_tally total;
  for (const auto& t : tallies) {
    total.records += t.records;
    total.bytes += t.bytes;
    if (!t.error.empty())
      std::cerr << "strom bench consume: " << t.error << "\n";
    if (total.error.empty())
      total.error = t.error;
  }
  print_figures(std::cout,
                {number_figure("records", static_cast<double>(total.records), 0),
                 number_figure("partitions", static_cast<double>(tallies.size()), 0),
                 number_figure("seconds", seconds, 2),
                 number_figure("records_per_s", static_cast<double>(total.records) / seconds, 0),
                 number_figure("mb_per_s", static_cast<double>(total.bytes) / seconds / 1e6, 1)},
                cl.has("json"));
  return total.error.empty() ? exit_code::ok : exit_code::failure;
}

} // namespace strom
