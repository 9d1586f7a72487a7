#pragma once
// A latency histogram with fixed buckets, in seconds as Prometheus wants
// them: 50 µs to 10 s, about three to a decade, so that a median of 300 µs
// and a stall of 2 s both land in a bucket of their size. Observing is a
// scan of the bounds and three relaxed adds.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace strom::metrics {

// The upper bounds of the buckets, in microseconds (+Inf follows them).
inline constexpr std::array<uint64_t, 17> latency_bounds_us = {
  50,      100,     250,     500,       1'000,     2'500,     5'000,     10'000,   25'000,
  50'000,  100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};

struct histogram_snapshot {
  std::vector<uint64_t> cumulative; // one per bound, then +Inf (= count)
  uint64_t count = 0;
  uint64_t sum_us = 0;
};

class histogram {
public:
  void observe_us(uint64_t us);
  void observe(std::chrono::steady_clock::duration d);
  // Since `start`, now.
  void observe_since(std::chrono::steady_clock::time_point start);
  histogram_snapshot snapshot() const;

private:
  std::array<std::atomic<uint64_t>, latency_bounds_us.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

} // namespace strom::metrics
