#pragma once
// Exponential backoff with jitter for reconnects: quick retries while a peer
// restarts, then at most one attempt per `delay_max_ms`, with jitter so that
// the nodes of a cluster do not knock in lockstep.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace strom {

struct backoff_config {
  std::chrono::milliseconds delay_initial_ms{100};
  std::chrono::milliseconds delay_max_ms{2000};
  double multiplier = 2.0;
  // Each delay is scaled by a factor in [1 - jitter, 1 + jitter].
  double jitter = 0.2;
};

class exponential_backoff {
public:
  explicit exponential_backoff(backoff_config config = {}, uint32_t seed = 1)
      : config_(config), rng_(seed) {}

  std::chrono::milliseconds next() {
    auto base = std::min<double>(config_.delay_initial_ms.count() * factor_,
                                 config_.delay_max_ms.count());
    factor_ = std::min(factor_ * config_.multiplier, 1e9);
    std::uniform_real_distribution<double> spread{1.0 - config_.jitter, 1.0 + config_.jitter};
    return std::chrono::milliseconds{static_cast<int64_t>(base * spread(rng_))};
  }

  void reset() { factor_ = 1.0; }

private:
  backoff_config config_;
  double factor_ = 1.0;
  std::minstd_rand rng_;
};

} // namespace strom
