#pragma once
// How a node watches its peers. A peer is down after `pings_missed_max`
// unanswered pings (about 1.5 s by default) or at once when CAF reports its
// connection lost; a frozen peer is found by the pings, not by TCP.

#include <chrono>

#include "net/cluster/backoff.hpp"

namespace strom {

struct link_config {
  std::chrono::milliseconds connect_timeout_ms{2000};
  std::chrono::milliseconds ping_interval_ms{500};
  std::chrono::milliseconds ping_timeout_ms{1000};
  int pings_missed_max = 3;
  backoff_config reconnect;
};

} // namespace strom
