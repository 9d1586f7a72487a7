#pragma once
// The HTTP/REST and WebSocket front door of a node (net/http/README.md):
// an http_server on the node's http_port, owned by a CAF actor of its own
// thread (detached), so that the node's exit message stops it: the actor
// stops the server (its socket thread and pool joined, consumers closed)
// without holding one of CAF's workers.
//
//   start_http_door: binds (an error if it cannot), spawns the owner
//   its own timer -> owner: sweep, closing consumer instances idle too long

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "net/http/http_server.hpp"

namespace strom {

// The owner, once the door listens on config.host:config.port (0: any
// free port; the bound one is in the log).
caf::expected<caf::actor> start_http_door(caf::actor_system& sys, http_door_settings settings);

} // namespace strom
