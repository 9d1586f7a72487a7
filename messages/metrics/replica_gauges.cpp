#include "messages/metrics/replica_gauges.hpp"

#include <algorithm>

#include "messages/metrics/registry.hpp"

namespace strom::metrics {

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

std::shared_ptr<replica_slot> replica_board::enroll(std::string topic, int32_t partition) {
  auto slot = std::make_shared<replica_slot>(std::move(topic), partition);
  std::lock_guard<std::mutex> lock{mutex_};
  slots_.push_back(slot);
  return slot;
}

std::vector<std::shared_ptr<replica_slot>> replica_board::live() {
  std::vector<std::shared_ptr<replica_slot>> out;
  std::lock_guard<std::mutex> lock{mutex_};
  for (const auto& weak : slots_)
    if (auto slot = weak.lock())
      out.push_back(std::move(slot));
  slots_.erase(std::remove_if(slots_.begin(), slots_.end(),
                              [](const auto& weak) { return weak.expired(); }),
               slots_.end());
  return out;
}

replica_totals replica_board::totals(int64_t now_ms) {
  replica_totals t;
  for (const auto& slot : live()) {
    ++t.replicas;
    bool leads = slot->leads.load(std::memory_order_relaxed);
    t.led += leads ? 1 : 0;
    t.without_leader += slot->has_leader.load(std::memory_order_relaxed) ? 0 : 1;
    t.catching_up += slot->caught_up.load(std::memory_order_relaxed) ? 0 : 1;
    auto since = slot->lagging_since_ms.load(std::memory_order_relaxed);
    if (leads && since != 0 && now_ms - since >= follower_lag_time_max_ms)
      ++t.under_replicated;
  }
  return t;
}

namespace {

family_value node_gauge(const char* name, const char* help, int64_t value) {
  return {name, help, kind::gauge, {series_value{{}, static_cast<double>(value), {}}}};
}

void collect_replicas(replica_board& board, std::vector<family_value>& out) {
  auto t = board.totals(steady_now_ms());
  out.push_back(node_gauge("strom_raft_replicas", "Raft replicas on this node.", t.replicas));
  out.push_back(node_gauge("strom_raft_partitions_led", "Raft groups this node leads.", t.led));
  out.push_back(node_gauge("strom_raft_replicas_without_leader",
                           "Replicas on this node that know no leader.", t.without_leader));
  out.push_back(node_gauge("strom_raft_replicas_catching_up",
                           "Replicas on this node behind what their leader committed.",
                           t.catching_up));
  out.push_back(node_gauge("strom_raft_under_replicated_partitions",
                           "Groups led here with a follower behind the commit index for "
                           "10 s or more.",
                           t.under_replicated));
  family_value lag{"strom_raft_follower_lag_entries",
                   "Entries the furthest-behind follower lacks, per partition led here.",
                   kind::gauge,
                   {}};
  for (const auto& slot : board.live())
    if (slot->leads.load(std::memory_order_relaxed))
      lag.series.push_back(
        {{{"topic", slot->topic}, {"partition", std::to_string(slot->partition)}},
         static_cast<double>(slot->follower_lag_entries.load(std::memory_order_relaxed)),
         {}});
  out.push_back(std::move(lag));
}

} // namespace

replica_board& replicas() {
  static replica_board& board = [] () -> replica_board& {
    static replica_board instance;
    global().add_collector([](std::vector<family_value>& out) { collect_replicas(instance, out); });
    return instance;
  }();
  return board;
}

} // namespace strom::metrics
