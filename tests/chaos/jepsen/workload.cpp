#include "tests/chaos/jepsen/workload.hpp"

#include <cstdio>

#include "net/client/admin_client.hpp"
#include "net/client/consumer.hpp"
#include "net/client/producer.hpp"

namespace strom::testing::jepsen {

namespace {

using namespace std::chrono_literals;

constexpr int key_count = 40;
// Each producer's pace: enough records to cross every fault.
constexpr auto send_interval = 4ms;
constexpr auto churn_interval = 700ms;
// A member that read nothing for this long says so in the timeline when it
// reads again: a stall shows where it began and ended.
constexpr auto read_gap_noted = 3s;

std::string describe(const rebalance_event& e) {
  const char* what = e.what == rebalance_event::kind::assigned  ? "assigned"
                     : e.what == rebalance_event::kind::revoked ? "revoked"
                                                                : "lost";
  auto list = [](const std::vector<topic_partition>& tps) {
    std::string out;
    for (const auto& tp : tps)
      if (tp.topic == workload_topic)
        out += (out.empty() ? "" : ",") + std::to_string(tp.partition.value());
    return "[" + out + "]";
  };
  return std::string{what} + " " + list(e.partitions) + " in generation "
         + std::to_string(e.generation) + ", owns " + list(e.owned);
}

} // namespace

std::string value_of(const record_id& id) {
  return "p" + std::to_string(id.producer) + ":" + std::to_string(id.key) + ":"
         + std::to_string(id.n);
}

std::optional<record_id> parse_value(const std::string& value) {
  record_id id;
  if (std::sscanf(value.c_str(), "p%d:%d:%d", &id.producer, &id.key, &id.n) != 3)
    return std::nullopt;
  return id;
}

void workload::start(int producers, int consumers) {
  for (int i = 0; i < producers; ++i)
    threads_.emplace_back([this, i] { produce(i); });
  for (int i = 0; i < consumers; ++i)
    threads_.emplace_back([this, i] { consume(i); });
  threads_.emplace_back([this] { churn_topics(); });
}

void workload::stop() {
  stopping_ = true;
  for (auto& t : threads_)
    t.join();
  threads_.clear();
}

void workload::produce(int id) {
  producer p{sys_, bootstrap_, producer_config{}};
  std::vector<int> next(key_count, 0);
  for (int i = 0; !stopping_; ++i) {
    record_id rid{id, i % key_count, next[static_cast<size_t>(i % key_count)]++};
    record r;
    r.key = "k" + std::to_string(rid.key);
    r.value = value_of(rid);
    {
      std::lock_guard<std::mutex> guard{seen_.mutex};
      seen_.sent[*r.value] = false;
    }
    p.send(workload_topic, r, [this, value = *r.value](const delivery_report& d) {
      std::lock_guard<std::mutex> guard{seen_.mutex};
      if (d.ok())
        seen_.sent[value] = true;
      else
        ++seen_.errors[d.code()];
    });
    std::this_thread::sleep_for(send_interval);
  }
  p.flush();
  p.close();
}

void workload::consume(int member) {
  consumer_config config;
  config.group_id = workload_group;
  config.enable_auto_commit = false;
  config.auto_offset_reset = reset_policy::earliest;
  config.session_timeout_ms = 10s;
  config.heartbeat_interval_ms = 1s;
  config.client_id = "jepsen-member-" + std::to_string(member);
  config.on_rebalance = [this, member](const rebalance_event& e) {
    events_.add("member " + std::to_string(member) + " " + describe(e));
    assignment_seen a{member, e.generation, {}};
    for (const auto& tp : e.owned)
      if (tp.topic == workload_topic)
        a.owned.insert(tp.partition.value());
    std::lock_guard<std::mutex> guard{seen_.mutex};
    seen_.assignments.push_back(std::move(a));
  };
  consumer c{sys_, bootstrap_, config};
  c.subscribe({workload_topic});
  auto last_read = std::chrono::steady_clock::now();
  while (!stopping_) {
    auto records = c.poll(100ms);
    if (records.empty())
      continue;
    auto now = std::chrono::steady_clock::now();
    if (now - last_read >= read_gap_noted)
      events_.add("member " + std::to_string(member) + " reads again after "
                  + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     now - last_read).count())
                  + " ms");
    last_read = now;
    auto generation = c.generation();
    auto positions = c.positions();
    auto done = c.commit();
    {
      std::lock_guard<std::mutex> guard{seen_.mutex};
      seen_.polled += static_cast<int>(records.size());
      seen_.commits_refused += done ? 0 : 1;
    }
    // Only a commit whose owner and positions did not move meanwhile is
    // known to have committed exactly these offsets.
    if (!done || c.generation() != generation || c.positions() != positions)
      continue;
    std::lock_guard<std::mutex> guard{seen_.mutex};
    for (const auto& [tp, offset] : positions)
      seen_.commits.push_back({tp, offset, seen_.next_seq++});
  }
  c.close();
}

void workload::churn_topics() {
  admin_client admin{sys_, bootstrap_, 3000ms};
  for (int i = 0; !stopping_; ++i) {
    topic_spec spec{"churn-" + std::to_string(i), 1, 3};
    bool created = static_cast<bool>(admin.create_topic(spec));
    bool deleted = i > 0 && static_cast<bool>(admin.delete_topic("churn-" + std::to_string(i - 1)));
    {
      std::lock_guard<std::mutex> guard{seen_.mutex};
      seen_.topics_created += created;
      seen_.topics_deleted += deleted;
      seen_.topic_ops_failed += !created + (i > 0 && !deleted);
    }
    std::this_thread::sleep_for(churn_interval);
  }
}

} // namespace strom::testing::jepsen
