#pragma once
// The actor system configuration every strom process uses: the middleman for
// remoting, every message type announced, connection heartbeats on so that
// a frozen peer's connection is eventually closed (CAF leaves them off), and
// the sharing scheduler (work stealing polls while idle).

#include <caf/actor_system_config.hpp>

namespace strom {

struct strom_config : caf::actor_system_config {
  strom_config();
};

} // namespace strom
