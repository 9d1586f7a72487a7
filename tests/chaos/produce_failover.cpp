#include "tests/chaos/produce_failover.hpp"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "net/client/admin_client.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

constexpr int partition_count = 6;
constexpr int key_count = 1000;
// Paced so that the run spans several kills: 200,000 records in ~25 s.
constexpr int records_per_second = 8000;
constexpr auto kill_interval = 3500ms;
constexpr auto down_for = 1000ms;

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

} // namespace

produce_failover::produce_failover(const std::string& extra_yaml, int records_default)
  : cluster_{3, extra_yaml}, chaos_{cluster_} {
  const char* text = std::getenv("STROM_CHAOS_RECORDS");
  record_count_ = text != nullptr ? std::atoi(text) : records_default;
}

void produce_failover::take_down(node_id victim) {
  cluster_.signal(victim, SIGKILL);
  cluster_.reap(victim);
}

// Takes down the node that leads most partitions, then brings it back.
void produce_failover::kill_leaders(std::atomic<bool>& done, int& kills) {
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
    take_down(victim);
    ++kills;
    std::this_thread::sleep_for(down_for);
    cluster_.start(victim);
  }
}

void produce_failover::produce_all(producer& p, ledger& book, int count) {
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

produce_failover::outcome produce_failover::run(acks level) {
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

void produce_failover::expect_acks_all_kept(const outcome& o) const {
  EXPECT_GE(o.kills, 3);
  EXPECT_EQ(o.acked + o.failed, record_count());
  EXPECT_EQ(o.lost, 0);
  EXPECT_EQ(o.duplicates, 0);
  EXPECT_EQ(o.out_of_order, 0);
  EXPECT_EQ(o.unknown, 0);
  // The application never sees the failovers: every record is acknowledged.
  EXPECT_EQ(o.failed, 0);
}

void produce_failover::check(ledger& book, int count, outcome& o) {
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

} // namespace strom::testing
