#include <gtest/gtest.h>

#include "messages/metrics/registry.hpp"
#include "messages/metrics/replica_gauges.hpp"

namespace strom::metrics {
namespace {

const family_value* find(const std::vector<family_value>& all, const std::string& name) {
  for (const auto& f : all)
    if (f.name == name)
      return &f;
  return nullptr;
}

TEST(registry, one_series_per_label_set_kept_by_reference) {
  registry r;
  auto& a = r.get_counter("c_total", "help", {{"topic", "a"}});
  auto& again = r.get_counter("c_total", "help", {{"topic", "a"}});
  auto& b = r.get_counter("c_total", "help", {{"topic", "b"}});
  EXPECT_EQ(&a, &again);
  EXPECT_NE(&a, &b);
  a.add(3);
  b.add();
  auto all = r.collect();
  const auto* f = find(all, "c_total");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->series.size(), 2u);
  EXPECT_EQ(f->series[0].labels[0].second, "a");
  EXPECT_EQ(f->series[0].value, 3);
  EXPECT_EQ(f->series[1].value, 1);
}

TEST(registry, a_name_of_two_kinds_is_a_bug) {
  registry r;
  r.get_counter("x", "help");
  EXPECT_THROW(r.get_gauge("x", "help"), std::logic_error);
}

TEST(registry, label_sets_past_the_bound_fold_into_other) {
  registry r;
  for (size_t i = 0; i < series_per_family_max + 10; ++i)
    r.get_counter("many_total", "help", {{"topic", "t" + std::to_string(i)}}).add();
  auto all = r.collect();
  const auto* f = find(all, "many_total");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->series.size(), series_per_family_max + 1);
  double other = 0;
  for (const auto& s : f->series)
    if (s.labels[0].second == "_other")
      other = s.value;
  EXPECT_EQ(other, 10);
}

TEST(registry, collectors_merge_into_families_and_can_be_removed) {
  registry r;
  r.get_gauge("g", "help", {{"k", "registered"}}).set(-2);
  auto id = r.add_collector([](std::vector<family_value>& out) {
    out.push_back({"g", "help", kind::gauge, {series_value{{{"k", "collected"}}, 5, {}}}});
  });
  auto all = r.collect();
  ASSERT_EQ(find(all, "g")->series.size(), 2u);
  EXPECT_EQ(find(all, "g")->series[0].value, 5); // "collected" sorts first
  EXPECT_EQ(find(all, "g")->series[1].value, -2);
  r.remove_collector(id);
  EXPECT_EQ(find(r.collect(), "g")->series.size(), 1u);
}

TEST(histogram, buckets_are_cumulative_and_end_at_the_count) {
  histogram h;
  h.observe_us(10);        // first bucket (<= 50 µs)
  h.observe_us(50);        // first bucket: bounds are inclusive
  h.observe_us(300);       // <= 500 µs
  h.observe_us(20'000'000); // past 10 s: +Inf only
  auto s = h.snapshot();
  ASSERT_EQ(s.cumulative.size(), latency_bounds_us.size() + 1);
  EXPECT_EQ(s.cumulative[0], 2u);
  EXPECT_EQ(s.cumulative[2], 2u); // <= 250 µs
  EXPECT_EQ(s.cumulative[3], 3u); // <= 500 µs
  EXPECT_EQ(s.cumulative[latency_bounds_us.size() - 1], 3u);
  EXPECT_EQ(s.cumulative.back(), 4u);
  EXPECT_EQ(s.count, 4u);
  EXPECT_EQ(s.sum_us, 20'000'360u);
}

TEST(replica_board, totals_count_roles_and_drop_stopped_replicas) {
  replica_board board;
  auto leader = board.enroll("t", 0);
  auto follower = board.enroll("t", 1);
  auto lost = board.enroll("t", 2);
  leader->leads = true;
  leader->has_leader = true;
  leader->caught_up = true;
  follower->has_leader = true;
  auto t = board.totals(100'000);
  EXPECT_EQ(t.replicas, 3);
  EXPECT_EQ(t.led, 1);
  EXPECT_EQ(t.without_leader, 1);
  EXPECT_EQ(t.catching_up, 2);
  lost.reset();
  EXPECT_EQ(board.totals(100'000).replicas, 2);
}

TEST(replica_board, a_leader_is_under_replicated_once_a_follower_lags_long_enough) {
  replica_board board;
  auto slot = board.enroll("t", 0);
  slot->leads = true;
  slot->lagging_since_ms = 50'000;
  EXPECT_EQ(board.totals(50'000 + follower_lag_time_max_ms - 1).under_replicated, 0);
  EXPECT_EQ(board.totals(50'000 + follower_lag_time_max_ms).under_replicated, 1);
  slot->lagging_since_ms = 0;
  EXPECT_EQ(board.totals(500'000).under_replicated, 0);
}

} // namespace
} // namespace strom::metrics
