// Issue 5's failover test: three nodes, a topic of 6 partitions with
// replication 3, and a producer writing keyed records with the client
// library while the node leading most partitions is killed with SIGKILL and
// restarted every few seconds. Afterwards every partition is read from the
// start: with acks=all every acknowledged record is there exactly once, in
// per-key order, and nothing is there that was not sent. With acks=1 the
// same run reports how many acknowledged records were lost.

#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "net/client/admin_client.hpp"
#include "net/client/producer.hpp"
#include "tests/chaos/chaos_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int partition_count = 6;
constexpr int key_count = 1000;
// Paced so that the run spans several kills: 200,000 records in ~25 s.
constexpr int records_per_second = 8000;
constexpr auto kill_interval = 3500ms;
constexpr auto down_for = 1000ms;

int record_count() {
  const char* text = std::getenv("STROM_CHAOS_RECORDS");
  return text != nullptr ? std::atoi(text) : 200'000;
}

// What the test sent and what was acknowledged, by record number.
struct ledger {
  std::mutex mutex;
  std::vector<char> acked;  // 1: acknowledged
  std::vector<char> failed; // 1: reported with an error
  std::map<errc, int> errors;
};

// "k<key>:<n>:<i>": the n-th record of key <key>, record number <i>.
record make_record(int i, std::vector<int>& per_key) {
  int key = i % key_count;
  record r;
  r.key = "k" + std::to_string(key);
  r.value = *r.key + ":" + std::to_string(per_key[key]++) + ":" + std::to_string(i);
  r.timestamp_ms = 1'700'000'000'000 + i;
  return r;
}

struct parsed {
  int key = -1;
  int n = -1;
  int i = -1;
};

std::optional<parsed> parse(const stored_record& r) {
  if (!r.value)
    return std::nullopt;
  parsed p;
  if (std::sscanf(r.value->c_str(), "k%d:%d:%d", &p.key, &p.n, &p.i) != 3)
    return std::nullopt;
  return p;
}

class produce_failover : public ::testing::Test {
protected:
  produce_failover() : cluster_{3}, chaos_{cluster_} { cluster_.start_all(); }

  // Kills the node that leads most partitions, then starts it again.
  void kill_leaders(std::atomic<bool>& done, int& kills) {
    while (!done) {
      std::this_thread::sleep_for(kill_interval);
      if (done)
        break;
      auto counts = chaos_.leaders("chaos");
      if (counts.empty())
        continue;
      auto victim = std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) {
                      return a.second < b.second;
                    })->first;
      cluster_.signal(victim, SIGKILL);
      cluster_.reap(victim);
      ++kills;
      std::this_thread::sleep_for(down_for);
      cluster_.start(victim);
    }
  }

  void produce_all(producer& p, ledger& book, int count) {
    std::vector<int> per_key(key_count, 0);
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
      p.send("chaos", make_record(i, per_key), [&book, i](const delivery_report& d) {
        std::lock_guard<std::mutex> guard{book.mutex};
        if (d.ok()) {
          book.acked[static_cast<size_t>(i)] = 1;
        } else {
          book.failed[static_cast<size_t>(i)] = 1;
          ++book.errors[d.code()];
        }
      });
      if (i % 1000 == 999)
        std::this_thread::sleep_until(start + std::chrono::milliseconds{
                                                int64_t{i + 1} * 1000 / records_per_second});
    }
    ASSERT_TRUE(p.flush());
  }

  struct outcome {
    int acked = 0;
    int failed = 0;
    int present = 0;
    int lost = 0;
    int duplicates = 0;
    int unknown = 0;
    int out_of_order = 0;
    int kills = 0;
  };

  outcome run(acks level) {
    outcome o;
    if (!chaos_.ready(30s)) {
      ADD_FAILURE() << cluster_.logs();
      return o;
    }
    admin_client admin{chaos_.system(), chaos_.endpoints(), 5000ms};
    topic_spec spec;
    spec.name = "chaos";
    spec.partitions = partition_count;
    spec.replication_factor = 3;
    auto created = admin.create_topic(spec);
    if (!created) {
      ADD_FAILURE() << describe(created.error());
      return o;
    }
    int count = record_count();
    ledger book;
    book.acked.assign(static_cast<size_t>(count), 0);
    book.failed.assign(static_cast<size_t>(count), 0);
    {
      producer_config config;
      config.required_acks = level;
      producer p{chaos_.system(), chaos_.endpoints(), config};
      std::atomic<bool> done{false};
      std::thread killer{[&] { kill_leaders(done, o.kills); }};
      produce_all(p, book, count);
      done = true;
      killer.join();
      p.close();
    }
    EXPECT_TRUE(chaos_.ready(30s)) << cluster_.logs();
    check(book, count, o);
    return o;
  }

  void check(ledger& book, int count, outcome& o) {
    std::vector<int> seen(static_cast<size_t>(count), 0);
    for (int p = 0; p < partition_count; ++p) {
      auto records = chaos_.read_all("chaos", partition_id{p});
      if (!records) {
        ADD_FAILURE() << "partition " << p << " could not be read\n" << cluster_.logs();
        return;
      }
      std::map<int, int> last_n; // per key, in this partition
      for (const auto& r : *records) {
        auto v = parse(r);
        if (!v || v->i < 0 || v->i >= count) {
          ++o.unknown;
          continue;
        }
        if (++seen[static_cast<size_t>(v->i)] > 1)
          ++o.duplicates;
        auto it = last_n.find(v->key);
        if (it != last_n.end() && v->n <= it->second)
          ++o.out_of_order;
        last_n[v->key] = v->n;
      }
    }
    for (int i = 0; i < count; ++i) {
      o.acked += book.acked[static_cast<size_t>(i)];
      o.failed += book.failed[static_cast<size_t>(i)];
      o.present += seen[static_cast<size_t>(i)] > 0;
      if (book.acked[static_cast<size_t>(i)] && seen[static_cast<size_t>(i)] == 0)
        ++o.lost;
    }
    std::cout << "records " << count << ", kills " << o.kills << ", acknowledged " << o.acked
              << ", failed " << o.failed << ", present " << o.present << ", lost " << o.lost
              << ", duplicates " << o.duplicates << ", out of order " << o.out_of_order
              << ", unknown " << o.unknown << "\n";
    for (const auto& [code, n] : book.errors)
      std::cout << "  error " << to_string(code) << ": " << n << "\n";
  }

  test_cluster cluster_;
  chaos_cluster chaos_;
};

TEST_F(produce_failover, acks_all_keeps_every_acknowledged_record_once_in_order) {
  auto o = run(acks::all);
  EXPECT_GE(o.kills, 3);
  EXPECT_EQ(o.acked + o.failed, record_count());
  EXPECT_EQ(o.lost, 0);
  EXPECT_EQ(o.duplicates, 0);
  EXPECT_EQ(o.out_of_order, 0);
  EXPECT_EQ(o.unknown, 0);
  // The application never sees the failovers: every record is acknowledged.
  EXPECT_EQ(o.failed, 0);
}

TEST_F(produce_failover, acks_1_reports_what_was_lost) {
  auto o = run(acks::leader);
  EXPECT_GE(o.kills, 3);
  EXPECT_EQ(o.acked + o.failed, record_count());
  EXPECT_EQ(o.duplicates, 0);
  EXPECT_EQ(o.unknown, 0);
  std::cout << "acks=1: " << o.lost << " acknowledged records lost of " << o.acked << "\n";
}

} // namespace
} // namespace strom::testing
