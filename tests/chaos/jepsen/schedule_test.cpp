// Jepsen's way, on real nodes: seeded schedules of faults of every kind
// (partitions, one-way links, delays, resets, kills, pauses, power cuts,
// clock steps) against producers, a consumer group and a churn of topics;
// after each schedule, heal, then check what the clients saw against what
// the logs hold. STROM_CHAOS_SCHEDULES sets how many (6 here, 100 in
// `make chaos`); STROM_SEED replays them. A failure prints the seed and the
// timeline of faults and operations.

#include <gtest/gtest.h>

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "tests/chaos/chaos_cluster.hpp"
#include "tests/chaos/jepsen/checker.hpp"
#include "tests/chaos/jepsen/injector.hpp"
#include "tests/support/test_seed.hpp"

namespace strom::testing::jepsen {
namespace {

using namespace std::chrono_literals;

constexpr int node_count = 3;
constexpr int partition_count = 4;
constexpr const char* faketime_library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";
// After the last heal, every partition has a leader that every node names
// within this.
constexpr auto led_again_within = 30s;
// And the group reads again within this (a session timeout, a rebalance).
constexpr auto group_reads_again_within = 30s;

int schedule_count() {
  const char* text = std::getenv("STROM_CHAOS_SCHEDULES");
  return text != nullptr ? std::atoi(text) : 6;
}

// One cluster for one schedule: every link through a proxy, every data dir
// on a power-fs mount, every wall clock under libfaketime.
struct rig {
  explicit rig(uint64_t seed)
    : cluster{node_count, "defaults:\n  fsync: always\n"}, network{cluster, seed}, chaos{cluster} {
    for (int n = 1; n <= node_count; ++n) {
      node_id id{n};
      auto name = std::to_string(n);
      mounts[id] = std::make_unique<power_mount>(cluster.dir() + "/platter-" + name,
                                                 cluster.dir() + "/node-" + name, seed + n);
      set_clock_offset(time_file(id), "+0");
      cluster.set_node_env(id, {"LD_PRELOAD=" + std::string{faketime_library},
                                "FAKETIME_TIMESTAMP_FILE=" + time_file(id),
                                "FAKETIME_NO_CACHE=1", "DONT_FAKE_MONOTONIC=1"});
    }
    cluster.start_all();
  }

  // The nodes go before their file systems do.
  ~rig() {
    for (int n = 1; n <= node_count; ++n)
      if (cluster.running(node_id{n})) {
        cluster.signal(node_id{n}, SIGCONT);
        cluster.signal(node_id{n}, SIGKILL);
        cluster.reap(node_id{n});
      }
    mounts.clear();
  }

  std::string time_file(node_id id) const {
    return cluster.dir() + "/clock-" + std::to_string(id.value());
  }

  // Every node's metadata lists the same topics (the churn's among them).
  bool topics_agree() {
    std::optional<std::set<std::string>> first;
    for (int n = 1; n <= node_count; ++n) {
      admin_client admin{chaos.system(), {cluster.endpoint_of(node_id{n})}, 2000ms};
      auto md = admin.metadata({});
      if (!md)
        return false;
      std::set<std::string> names;
      for (const auto& t : md->topics)
        names.insert(t.name);
      if (first && *first != names)
        return false;
      first = std::move(names);
    }
    return true;
  }

  bool all_led() {
    for (int n = 1; n <= node_count; ++n) {
      admin_client admin{chaos.system(), {cluster.endpoint_of(node_id{n})}, 2000ms};
      auto md = admin.metadata({workload_topic});
      if (!md || md->topics.empty())
        return false;
      for (const auto& p : md->topics[0].partitions)
        if (p.leader.value() < 0)
          return false;
    }
    return true;
  }

  test_cluster cluster;
  proxied_network network;
  chaos_cluster chaos;
  std::map<node_id, std::unique_ptr<power_mount>> mounts;
};

// The clients' debug log (the consumers' membership: joins, syncs,
// heartbeats, leases) goes to clients.log beside the nodes' logs while it
// lives, so that a schedule that broke a check can be read from both sides.
class client_log {
public:
  explicit client_log(const std::string& dir)
    : previous_(spdlog::default_logger()), level_(spdlog::get_level()) {
    auto log = std::make_shared<spdlog::logger>(
      "jepsen-clients", std::make_shared<spdlog::sinks::basic_file_sink_mt>(dir + "/clients.log"));
    log->set_level(spdlog::level::debug);
    log->flush_on(spdlog::level::debug);
    spdlog::set_default_logger(std::move(log));
    spdlog::set_level(spdlog::level::debug);
  }
  ~client_log() {
    spdlog::set_default_logger(previous_);
    spdlog::set_level(level_);
  }
  client_log(const client_log&) = delete;
  client_log& operator=(const client_log&) = delete;

private:
  std::shared_ptr<spdlog::logger> previous_;
  spdlog::level::level_enum level_;
};

struct totals {
  int schedules = 0;
  std::map<fault_kind, int> faults;
  int acknowledged = 0;
  int lost = 0;
};

std::map<int32_t, std::vector<stored_record>> read_everything(chaos_cluster& chaos,
                                                              verdict& out) {
  std::map<int32_t, std::vector<stored_record>> partitions;
  for (int p = 0; p < partition_count; ++p) {
    auto records = chaos.read_all(workload_topic, partition_id{p});
    if (!records)
      out.violations.push_back("partition " + std::to_string(p) + " could not be read");
    else
      partitions[p] = std::move(*records);
  }
  return partitions;
}

void run_schedule(uint64_t seed, totals& sum) {
  timeline events;
  rig r{seed};
  client_log log{r.cluster.dir()};
  ASSERT_TRUE(r.chaos.ready(60s)) << r.cluster.logs();
  ASSERT_FALSE(r.chaos.create_topic(topic_spec{workload_topic, partition_count, 3}, 60s));
  injector faults{{r.cluster, r.network, r.mounts, [&r](node_id n) { return r.time_file(n); }},
                  events};
  verdict out;
  {
    workload clients{r.chaos.system(), r.chaos.endpoints(), events};
    clients.start(2, 2);
    for (const auto& f : make_schedule(seed, node_count, fault_kind_count))
      faults.run(f);
    if (!eventually([&] { return r.all_led(); }, led_again_within))
      out.violations.push_back("a partition had no leader 30 s after the last heal");
    events.add("every partition led");
    auto polled = [&] {
      std::lock_guard<std::mutex> guard{clients.seen().mutex};
      return clients.seen().polled;
    };
    auto before = polled();
    if (!eventually([&] { return polled() > before; }, group_reads_again_within))
      out.violations.push_back("the consumer group read nothing in the 30 s after the heal");
    events.add("the group reads");
    std::this_thread::sleep_for(2s); // the clients go on for a while on a healthy cluster
    clients.stop();
    events.add("clients stopped");
    if (!eventually([&] { return r.topics_agree(); }, led_again_within))
      out.violations.push_back("the nodes list different topics 30 s after the clients stopped");
    auto partitions = read_everything(r.chaos, out);
    admin_client admin{r.chaos.system(), r.chaos.endpoints(), 5000ms};
    auto offsets = admin.fetch_offsets(workload_group);
    std::lock_guard<std::mutex> guard{clients.seen().mutex};
    check_records(clients.seen(), partitions, out);
    check_commits(clients.seen(), offsets ? *offsets : committed_offsets{}, out);
    check_exclusive(clients.seen(), out);
    std::cout << "schedule seed " << seed << ": acknowledged " << out.acknowledged << " of "
              << clients.seen().sent.size() << ", lost " << out.lost << ", polled "
              << clients.seen().polled << ", commits " << clients.seen().commits.size()
              << " (refused " << clients.seen().commits_refused << "), topics created "
              << clients.seen().topics_created << "\n" << events.text();
  }
  ++sum.schedules;
  for (const auto& [kind, n] : faults.counts())
    sum.faults[kind] += n;
  sum.acknowledged += out.acknowledged;
  sum.lost += out.lost;
  std::string found;
  for (const auto& v : out.violations)
    found += "  " + v + "\n";
  // A schedule that broke a check keeps its nodes' logs: a rerun of the seed
  // replays the faults, not the timing that made them bite.
  if (!out.violations.empty())
    r.cluster.keep_dir();
  EXPECT_TRUE(out.violations.empty())
    << "schedule seed " << seed << " (rerun: STROM_CHAOS_SCHEDULES=1 " << rerun_command(seed)
    << ")\n" << found << "node logs kept in " << r.cluster.dir() << "\ntimeline:\n"
    << events.text();
}

TEST(jepsen, every_schedule_keeps_what_was_acknowledged) {
  ASSERT_TRUE(std::filesystem::exists(faketime_library))
    << faketime_library << " is missing: install Debian's package faketime";
  auto base = test_seed();
  totals sum;
  for (int i = 0; i < schedule_count(); ++i) {
    run_schedule(base + static_cast<uint64_t>(i), sum);
    if (::testing::Test::HasFatalFailure())
      break;
  }
  std::cout << "schedules " << sum.schedules << "; faults:";
  for (const auto& [kind, n] : sum.faults)
    std::cout << " " << to_string(kind) << " " << n;
  std::cout << "; records acknowledged " << sum.acknowledged << ", lost " << sum.lost << "\n";
  EXPECT_EQ(sum.lost, 0);
}

} // namespace
} // namespace strom::testing::jepsen
