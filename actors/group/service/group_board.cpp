#include "actors/group/service/group_board.hpp"

#include "messages/metrics/replica_gauges.hpp"

namespace strom {

namespace {

bool rebalancing(const group_state* g) {
  return g != nullptr && (g->phase() == group_phase::preparing_rebalance ||
                          g->phase() == group_phase::completing_rebalance);
}

struct rebalance_counts {
  metrics::counter& rebalances;
  metrics::histogram& duration;
};

rebalance_counts& rebalance_metrics() {
  static rebalance_counts c{
    metrics::global().get_counter("strom_group_rebalances_total",
                                  "Rebalances of the groups coordinated here that completed."),
    metrics::global().get_histogram("strom_group_rebalance_seconds",
                                     "From a group's rebalance starting to it being stable."),
  };
  return c;
}

using hw_map = std::map<std::pair<std::string, int32_t>, int64_t>;

hw_map high_watermarks() {
  hw_map out;
  for (const auto& slot : metrics::replicas().live()) {
    auto hw = slot->high_watermark.load(std::memory_order_relaxed);
    if (hw >= 0)
      out[{slot->topic, slot->partition}] = hw;
  }
  return out;
}

metrics::family_value family(const char* name, const char* help) {
  return {name, help, metrics::kind::gauge, {}};
}

} // namespace

void group_board::publish(int32_t slot, const std::string& name, const group_state* group,
                          const offset_table& offsets, int64_t now_ms) {
  auto committed = offsets.fetch_group(name);
  std::lock_guard<std::mutex> lock{mutex_};
  auto& e = groups_[name];
  e.slot = slot;
  e.members = group != nullptr ? static_cast<int64_t>(group->members().size()) : 0;
  e.generation = group != nullptr ? group->generation().value() : -1;
  track_rebalance(e, rebalancing(group), now_ms);
  e.committed.clear();
  for (const auto& [tp, c] : committed)
    e.committed[tp] = c.offset.value();
}

void group_board::track_rebalance(entry& e, bool now_rebalancing, int64_t now_ms) {
  if (now_rebalancing && e.rebalance_started_ms == 0)
    e.rebalance_started_ms = now_ms;
  if (now_rebalancing || e.rebalance_started_ms == 0)
    return;
  auto& m = rebalance_metrics();
  m.rebalances.add();
  auto took_ms = now_ms - e.rebalance_started_ms;
  m.duration.observe_us(took_ms > 0 ? static_cast<uint64_t>(took_ms) * 1000 : 0);
  e.rebalance_started_ms = 0;
}

void group_board::forget(const std::string& name) {
  std::lock_guard<std::mutex> lock{mutex_};
  groups_.erase(name);
}

void group_board::forget_slot(int32_t slot) {
  std::lock_guard<std::mutex> lock{mutex_};
  for (auto it = groups_.begin(); it != groups_.end();)
    it = it->second.slot == slot ? groups_.erase(it) : std::next(it);
}

void group_board::collect(std::vector<metrics::family_value>& out) {
  auto hws = high_watermarks();
  auto members = family("strom_group_members", "Members of a group coordinated here.");
  auto generation = family("strom_group_generation", "A group's generation.");
  auto offset = family("strom_group_committed_offset",
                       "The offset a group committed for a partition.");
  auto lag = family("strom_group_lag", "Records between a group's commit and the partition's "
                                       "high watermark, as this node's replica knows it.");
  std::lock_guard<std::mutex> lock{mutex_};
  for (const auto& [name, e] : groups_) {
    if (members.series.size() >= metrics::series_per_family_max)
      break;
    members.series.push_back({{{"group", name}}, static_cast<double>(e.members), {}});
    generation.series.push_back({{{"group", name}}, static_cast<double>(e.generation), {}});
    for (const auto& [tp, committed] : e.committed) {
      metrics::label_set labels{
        {"group", name}, {"topic", tp.topic}, {"partition", std::to_string(tp.partition.value())}};
      offset.series.push_back({labels, static_cast<double>(committed), {}});
      auto hw = hws.find({tp.topic, tp.partition.value()});
      if (hw != hws.end())
        lag.series.push_back({labels, static_cast<double>(std::max<int64_t>(
                                        0, hw->second - committed)), {}});
    }
  }
  for (auto* f : {&members, &generation, &offset, &lag})
    out.push_back(std::move(*f));
}

group_board& groups_board() {
  static group_board& board = [] () -> group_board& {
    static group_board instance;
    rebalance_metrics();
    metrics::global().add_collector(
      [](std::vector<metrics::family_value>& out) { instance.collect(out); });
    return instance;
  }();
  return board;
}

} // namespace strom
