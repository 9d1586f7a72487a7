// The bench's histogram must report percentiles within its stated precision.

#include <gtest/gtest.h>

#include "launcher/bench/latency_histogram.hpp"

namespace strom::bench {
namespace {

TEST(latency_histogram, percentiles_of_a_uniform_spread_are_within_two_percent) {
  latency_histogram h;
  for (uint64_t v = 1; v <= 100000; ++v)
    h.record(v);
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_NEAR(static_cast<double>(h.percentile(0.5)), 50000.0, 1000.0);
  EXPECT_NEAR(static_cast<double>(h.percentile(0.99)), 99000.0, 1980.0);
  EXPECT_EQ(h.max_us(), 100000u);
  EXPECT_NEAR(h.mean_us(), 50000.5, 0.01);
}

TEST(latency_histogram, small_values_are_exact_and_an_empty_one_answers_zero) {
  latency_histogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  for (uint64_t v : {3, 3, 3, 7})
    h.record(v);
  EXPECT_EQ(h.percentile(0.5), 3u);
  EXPECT_EQ(h.percentile(1.0), 7u);
}

TEST(latency_histogram, merging_adds_counts) {
  latency_histogram a, b;
  a.record(10);
  b.record(1000000);
  a.merge(b);
  EXPECT_EQ(a.count(), 2u);
  EXPECT_EQ(a.max_us(), 1000000u);
  EXPECT_EQ(format_duration_us(1500), "1.50ms");
}

} // namespace
} // namespace strom::bench
