#pragma once
// A latency histogram in the manner of HdrHistogram: log-linear buckets (64
// per power of two, so each percentile is within ~1.6% of the true value) in
// fixed memory, however many samples are recorded.

#include <array>
#include <cstdint>
#include <string>

namespace strom::bench {

class latency_histogram {
public:
  void record(uint64_t value_us);
  void merge(const latency_histogram& other);

  uint64_t count() const { return count_; }
  uint64_t max_us() const { return max_us_; }
  double mean_us() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_us_) / count_; }
  // The value at quantile q in [0, 1]: percentile(0.99) is p99.
  uint64_t percentile(double q) const;
  // "p50 412us p99 1.3ms p999 2.1ms"
  std::string summary() const;

private:
  static constexpr int sub_buckets_log2 = 6;
  static constexpr int sub_buckets = 1 << sub_buckets_log2;
  // Powers of two up to 2^40 us (about 12 days) is more than enough.
  static constexpr int magnitudes = 41;

  static size_t bucket_of(uint64_t value_us);
  static uint64_t value_of(size_t bucket);

  std::array<uint64_t, magnitudes * sub_buckets> counts_{};
  uint64_t count_ = 0;
  uint64_t sum_us_ = 0;
  uint64_t max_us_ = 0;
};

// "812us", "1.25ms", "3.40s"
std::string format_duration_us(uint64_t value_us);

} // namespace strom::bench
