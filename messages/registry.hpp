#pragma once
// The one place where every message type is announced to CAF. A type sent to
// another node without being announced vanishes silently, so every type that
// crosses the wire must be added in registry.cpp.

#include <caf/actor_system_config.hpp>

namespace strom {

void register_messages(caf::actor_system_config& cfg);

} // namespace strom
