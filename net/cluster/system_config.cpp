#include "net/cluster/system_config.hpp"

#include <chrono>

#include <caf/io/middleman.hpp>
#include <caf/timespan.hpp>

#include "messages/registry.hpp"

namespace strom {

namespace {

// Well above a handshake (1-2 ms here): CAF drops an outgoing connection whose
// handshake has not finished by the first heartbeat tick.
constexpr std::chrono::milliseconds heartbeat_interval_ms{1000};
// Our own pings decide liveness within ~1.5 s; this only reclaims dead sockets.
constexpr std::chrono::milliseconds connection_timeout_ms{10000};

} // namespace

strom_config::strom_config() {
  load<caf::io::middleman>();
  register_messages(*this);
  set("middleman.heartbeat-interval", caf::timespan{heartbeat_interval_ms});
  set("middleman.connection-timeout", caf::timespan{connection_timeout_ms});
  set("logger.console", caf::atom("none"));
}

} // namespace strom
