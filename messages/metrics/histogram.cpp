#include "messages/metrics/histogram.hpp"

namespace strom::metrics {

void histogram::observe_us(uint64_t us) {
  size_t i = 0;
  while (i < latency_bounds_us.size() && us > latency_bounds_us[i])
    ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(us, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void histogram::observe(std::chrono::steady_clock::duration d) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  observe_us(us < 0 ? 0 : static_cast<uint64_t>(us));
}

void histogram::observe_since(std::chrono::steady_clock::time_point start) {
  observe(std::chrono::steady_clock::now() - start);
}

histogram_snapshot histogram::snapshot() const {
  histogram_snapshot out;
  uint64_t running = 0;
  for (const auto& bucket : buckets_) {
    running += bucket.load(std::memory_order_relaxed);
    out.cumulative.push_back(running);
  }
  // The buckets and the count are read one after another while writers
  // add: the count shown is the buckets' total, so +Inf always equals it.
  out.count = running;
  out.sum_us = sum_us_.load(std::memory_order_relaxed);
  return out;
}

} // namespace strom::metrics
