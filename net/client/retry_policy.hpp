#pragma once
// The one retry policy of the client library: exponential backoff from a
// config's retry_backoff_ms to its retry_backoff_max_ms, doubling, with a
// jitter of a fifth (backoff_config's defaults), so that the clients of a
// failed-over partition do not knock in lockstep. Producer, consumer and the
// blocking readers all retry by it.

#include <cstdint>

#include "net/cluster/backoff.hpp"

namespace strom {

template <class Config>
exponential_backoff retry_backoff(const Config& config, uint32_t seed = 1) {
  backoff_config policy;
  policy.delay_initial_ms = config.retry_backoff_ms;
  policy.delay_max_ms = config.retry_backoff_max_ms;
  return exponential_backoff{policy, seed};
}

} // namespace strom
