#include "launcher/bench/latency_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace strom::bench {

size_t latency_histogram::bucket_of(uint64_t value_us) {
  if (value_us < sub_buckets)
    return static_cast<size_t>(value_us);
  // The magnitude is the position of the top bit beyond the linear range;
  // the sub-bucket keeps the next sub_buckets_log2 bits.
  int top = 63 - __builtin_clzll(value_us);
  int magnitude = top - sub_buckets_log2 + 1;
  auto sub = static_cast<size_t>(value_us >> (magnitude - 1)) - sub_buckets;
  auto bucket = static_cast<size_t>(magnitude) * sub_buckets + sub;
  return std::min(bucket, static_cast<size_t>(magnitudes * sub_buckets - 1));
}

uint64_t latency_histogram::value_of(size_t bucket) {
  if (bucket < sub_buckets)
    return bucket;
  auto magnitude = bucket / sub_buckets;
  auto sub = bucket % sub_buckets + sub_buckets;
  // The middle of the bucket's range.
  return (static_cast<uint64_t>(sub) << (magnitude - 1)) + ((uint64_t{1} << (magnitude - 1)) / 2);
}

void latency_histogram::record(uint64_t value_us) {
  ++counts_[bucket_of(value_us)];
  ++count_;
  sum_us_ += value_us;
  max_us_ = std::max(max_us_, value_us);
}

void latency_histogram::merge(const latency_histogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_us_ += other.sum_us_;
  max_us_ = std::max(max_us_, other.max_us_);
}

uint64_t latency_histogram::percentile(double q) const {
  if (count_ == 0)
    return 0;
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::max<uint64_t>(rank, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank)
      return std::min(value_of(i), max_us_);
  }
  return max_us_;
}

std::string latency_histogram::summary() const {
  return "p50 " + format_duration_us(percentile(0.5)) + " p99 " +
         format_duration_us(percentile(0.99)) + " p999 " + format_duration_us(percentile(0.999));
}

std::string format_duration_us(uint64_t value_us) {
  char buffer[32];
  if (value_us < 1000)
    std::snprintf(buffer, sizeof buffer, "%lluus", static_cast<unsigned long long>(value_us));
  else if (value_us < 1000000)
    std::snprintf(buffer, sizeof buffer, "%.2fms", static_cast<double>(value_us) / 1e3);
  else
    std::snprintf(buffer, sizeof buffer, "%.2fs", static_cast<double>(value_us) / 1e6);
  return buffer;
}

} // namespace strom::bench
