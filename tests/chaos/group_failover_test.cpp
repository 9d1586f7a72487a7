// Issue 6's failover test: three nodes, a topic of 12 partitions with
// replication 3, a steady producer, and a group of 3 consumers that commit
// after processing. One consumer is killed, then the broker leading the
// group's coordinator partition. Throughout, every member logs what it owns
// in each generation; the test asserts that no two members ever own a
// partition in the same generation, nor at the same time across generations
// (each member logs when it took and gave up each partition), that after
// each failure every partition has one owner again (within a liveness
// bound, not a claim of speed), and that every acknowledged record was
// consumed (at least once), reporting how many were delivered more than
// once.

#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "actors/group/group_records.hpp"
#include "messages/error_category.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int32_t partition_count = 12;
constexpr int member_count = 3;
constexpr auto session_timeout = 6000ms;
// How long a rebalance may take here, a liveness bound and not a claim of
// speed: the session timeout for the dead member to expire, a lease for a
// member that lost its coordinator, and a rebalance on 2 shared cores.
constexpr auto rebalance_bound = 3 * session_timeout + 30s;
constexpr int records_per_second = 2000;
const std::string group = "failover";

using test_clock = std::chrono::steady_clock;

// A member consuming a partition: from its assignment until it gave it up
// (revoked, lost) or died; open while it still holds it.
struct holding {
  int member = 0;
  int32_t generation = -1;
  test_clock::time_point from;
  std::optional<test_clock::time_point> until;
};

struct ownership_log {
  std::mutex mutex;
  // generation -> member -> what it owned after that generation's sync.
  std::map<int32_t, std::map<int, std::set<topic_partition>>> owned;
  // Every holding of each partition, across generations.
  std::map<topic_partition, std::vector<holding>> holdings;
  std::map<int64_t, int> received; // record number -> times delivered
};

struct member {
  int index = 0;
  std::unique_ptr<consumer> client;
  std::thread loop;
  std::atomic<bool> stop{false};
};

class group_failover : public ::testing::Test {
protected:
  group_failover() : cluster_{3}, chaos_{cluster_} { cluster_.start_all(); }

  ~group_failover() override {
    producing_ = false;
    if (producer_thread_.joinable())
      producer_thread_.join();
    for (auto& m : members_)
      stop(*m);
  }

  void produce_steadily() {
    producer p{chaos_.system(), chaos_.endpoints()};
    auto started = std::chrono::steady_clock::now();
    for (int64_t i = 0; producing_; ++i) {
      record r;
      r.key = "k" + std::to_string(i % 101);
      r.value = std::to_string(i);
      p.send("stream", std::move(r), [this, i](const delivery_report& d) {
        std::lock_guard<std::mutex> guard{acked_mutex_};
        if (d.ok())
          acked_.insert(i);
      });
      auto due = started + std::chrono::microseconds{(i + 1) * 1'000'000 / records_per_second};
      std::this_thread::sleep_until(due);
    }
    p.flush();
  }

  void start_member(int index) {
    auto m = std::make_unique<member>();
    m->index = index;
    consumer_config c;
    c.group_id = group;
    c.client_id = "member-" + std::to_string(index);
    c.auto_offset_reset = reset_policy::earliest;
    c.enable_auto_commit = false;
    c.session_timeout_ms = session_timeout;
    c.heartbeat_interval_ms = 1000ms;
    // Runs on the member's actor when a change has taken effect: a
    // partition is handed out from after its `assigned` until before its
    // `revoked` or `lost`.
    c.on_rebalance = [this, index](const rebalance_event& e) {
      std::lock_guard<std::mutex> guard{log_.mutex};
      auto now = test_clock::now();
      if (e.what == rebalance_event::kind::assigned) {
        log_.owned[e.generation][index] = {e.owned.begin(), e.owned.end()};
        for (const auto& tp : e.partitions)
          log_.holdings[tp].push_back({index, e.generation, now, std::nullopt});
        return;
      }
      for (const auto& tp : e.partitions)
        end_holding(tp, index, now);
    };
    m->client = std::make_unique<consumer>(chaos_.system(), chaos_.endpoints(), c);
    m->client->subscribe({"stream"});
    auto* raw = m.get();
    m->loop = std::thread{[this, raw] { consume(*raw); }};
    members_.push_back(std::move(m));
  }

  // Poll, process (count), then commit: at least once.
  void consume(member& m) {
    while (!m.stop) {
      auto records = m.client->poll(200ms);
      {
        std::lock_guard<std::mutex> guard{log_.mutex};
        for (const auto& r : records)
          ++log_.received[std::stoll(r.record.value.value_or("-1"))];
      }
      if (!records.empty())
        m.client->commit(); // a failed commit only means redelivery
    }
  }

  void stop(member& m) {
    m.stop = true;
    if (m.loop.joinable())
      m.loop.join();
  }

  // Call with log_.mutex held.
  void end_holding(const topic_partition& tp, int index, test_clock::time_point at) {
    for (auto& h : log_.holdings[tp])
      if (h.member == index && !h.until)
        h.until = at;
  }

  // A member that dies holds nothing from then on.
  void died(int index) {
    std::lock_guard<std::mutex> guard{log_.mutex};
    auto now = test_clock::now();
    for (auto& [tp, holdings] : log_.holdings)
      end_holding(tp, index, now);
  }

  // The union of what the live members own covers every partition, each once.
  bool fully_owned(const std::vector<int>& live) {
    std::set<topic_partition> all;
    size_t total = 0;
    for (int i : live) {
      auto owned = members_[static_cast<size_t>(i)]->client->assignment();
      total += owned.size();
      all.insert(owned.begin(), owned.end());
    }
    return all.size() == static_cast<size_t>(partition_count) && total == all.size();
  }

  // Who owned what in each generation, and what the live members own now:
  // what a failure message needs to tell a lost partition from a late one.
  std::string ownership(const std::vector<int>& live) {
    std::ostringstream out;
    std::lock_guard<std::mutex> guard{log_.mutex};
    for (const auto& [generation, by_member] : log_.owned)
      for (const auto& [index, owned] : by_member)
        out << "generation " << generation << ", member " << index << ": " << owned.size()
            << " partitions\n";
    for (int i : live)
      out << "member " << i << " owns " << members_[static_cast<size_t>(i)]->client->assignment().size()
          << " now\n";
    return out.str();
  }

  // The members consumed `count` more records: the group works now.
  bool consumed_more(size_t count, std::chrono::milliseconds timeout) {
    auto before = consumed();
    return eventually([&] { return consumed() >= before + count; }, timeout);
  }

  size_t consumed() {
    std::lock_guard<std::mutex> guard{log_.mutex};
    size_t total = 0;
    for (const auto& [i, times] : log_.received)
      total += static_cast<size_t>(times);
    return total;
  }

  bool owned_within(const std::vector<int>& live, std::chrono::milliseconds timeout) {
    return eventually([&] { return fully_owned(live); }, timeout);
  }

  std::optional<node_id> coordinator_node() {
    auto offsets = chaos_.topic(offsets_topic_name);
    if (!offsets)
      return std::nullopt;
    auto p = coordinator_partition(group, static_cast<int32_t>(offsets->partitions.size()));
    auto leader = offsets->partitions.at(static_cast<size_t>(p.value())).leader;
    if (leader.value() < 0)
      return std::nullopt;
    return leader;
  }

  // The group's promise across generations: no two members hold a
  // partition at the same time (group README, Exclusivity).
  void check_holdings() {
    std::lock_guard<std::mutex> guard{log_.mutex};
    auto start = test_clock::now() - std::chrono::hours{1};
    auto ms = [start](test_clock::time_point t) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(t - start).count();
    };
    for (const auto& [tp, holdings] : log_.holdings)
      for (size_t i = 0; i < holdings.size(); ++i)
        for (size_t j = i + 1; j < holdings.size(); ++j) {
          const auto& a = holdings[i];
          const auto& b = holdings[j];
          if (a.member == b.member)
            continue;
          auto a_until = a.until.value_or(test_clock::time_point::max());
          auto b_until = b.until.value_or(test_clock::time_point::max());
          EXPECT_TRUE(a_until <= b.from || b_until <= a.from)
            << tp << " held by member " << a.member << " (generation " << a.generation
            << ", " << ms(a.from) << " to " << (a.until ? std::to_string(ms(*a.until)) : "end")
            << " ms) and member " << b.member << " (generation " << b.generation << ", "
            << ms(b.from) << " to " << (b.until ? std::to_string(ms(*b.until)) : "end")
            << " ms) at once";
        }
  }

  void check_generations() {
    std::lock_guard<std::mutex> guard{log_.mutex};
    for (const auto& [generation, by_member] : log_.owned) {
      std::map<topic_partition, int> owner;
      for (const auto& [index, owned] : by_member)
        for (const auto& tp : owned) {
          auto [it, fresh] = owner.emplace(tp, index);
          EXPECT_TRUE(fresh) << tp << " owned by members " << it->second << " and " << index
                             << " in generation " << generation;
        }
    }
  }

  test_cluster cluster_;
  chaos_cluster chaos_;
  std::atomic<bool> producing_{true};
  std::thread producer_thread_;
  std::mutex acked_mutex_;
  std::set<int64_t> acked_;
  ownership_log log_;
  std::vector<std::unique_ptr<member>> members_;
};

TEST_F(group_failover, no_partition_has_two_owners_and_no_record_is_skipped) {
  ASSERT_TRUE(chaos_.ready(30s)) << cluster_.logs();
  auto failed = chaos_.create_topic(topic_spec{"stream", partition_count, 3}, 30s);
  ASSERT_FALSE(failed) << describe(failed);
  producer_thread_ = std::thread{[this] { produce_steadily(); }};
  for (int i = 0; i < member_count; ++i)
    start_member(i);
  ASSERT_TRUE(owned_within({0, 1, 2}, 60s)) << "the group never formed\n" << cluster_.logs();
  ASSERT_TRUE(consumed_more(records_per_second, 60s)) << "the group consumes nothing";

  // 1. A consumer dies (its actor is killed: no leave, no commit).
  members_[2]->stop = true;
  members_[2]->loop.join();
  died(2);
  caf::scoped_actor killer{chaos_.system()};
  killer->send_exit(members_[2]->client->handle(), caf::exit_reason::kill);
  EXPECT_TRUE(owned_within({0, 1}, rebalance_bound))
    << "after a consumer died, not every partition had one owner in time\n"
    << ownership({0, 1}) << cluster_.logs();
  ASSERT_TRUE(consumed_more(records_per_second, 60s)) << "the group consumes nothing";

  // 2. The broker leading the group's coordinator partition dies.
  auto node = coordinator_node();
  ASSERT_TRUE(node) << "no leader known for the group's coordinator partition";
  std::cout << "killing node " << node->value() << ", the group's coordinator\n";
  cluster_.signal(*node, SIGKILL);
  cluster_.reap(*node);
  // A new leader of the partition (an election) loads the group first.
  EXPECT_TRUE(eventually([&] {
    auto n = coordinator_node();
    return n && *n != *node;
  }, 20s));
  EXPECT_TRUE(owned_within({0, 1}, rebalance_bound))
    << "after the coordinator died, not every partition had one owner in time\n"
    << ownership({0, 1}) << cluster_.logs();
  ASSERT_TRUE(consumed_more(records_per_second, 60s)) << "the group consumes nothing";

  producing_ = false;
  producer_thread_.join();
  std::set<int64_t> acked;
  {
    std::lock_guard<std::mutex> guard{acked_mutex_};
    acked = acked_;
  }
  ASSERT_FALSE(acked.empty());
  bool caught_up = eventually([&] {
    std::lock_guard<std::mutex> guard{log_.mutex};
    for (auto i : acked)
      if (log_.received.count(i) == 0)
        return false;
    return true;
  }, 60s);
  size_t missing = 0, redelivered = 0;
  {
    std::lock_guard<std::mutex> guard{log_.mutex};
    for (auto i : acked)
      missing += log_.received.count(i) == 0;
    for (const auto& [i, times] : log_.received)
      redelivered += static_cast<size_t>(times - 1);
  }
  EXPECT_TRUE(caught_up) << missing << " acknowledged records were never consumed";
  check_generations();
  check_holdings();
  std::cout << "records acknowledged: " << acked.size() << ", redelivered: " << redelivered
            << ", generations: " << log_.owned.size() << "\n";
  RecordProperty("redelivered", static_cast<int>(redelivered));
}

} // namespace
} // namespace strom::testing
