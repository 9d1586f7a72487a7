#pragma once
// The line-protocol front door of a node (telnet-friendly): an io broker
// listening on the node's text_port that forks one text_session per
// connection. It holds no broker logic: sessions translate lines into the
// typed messages the CAF client sends, to the node's own broker and
// through the client library's producer and consumer actors, which run in
// the node's actor system against the node's own endpoint.
//
//   start_text_door: binds (an error if it cannot), spawns the door
//   door -> producer, sessions: linked, so that the door's exit (node
//                               shutdown) ends them all

#include <optional>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/endpoint.hpp"
#include "net/door/door_security.hpp"
#include "net/text/text_door_config.hpp"

namespace strom {

struct text_door_settings {
  text_door_config config;
  broker_actor broker;   // the node's own
  endpoint broker_endpoint; // where the node's broker listens
  std::optional<door_security> security; // nothing: plaintext, open to all
};

// The door, listening on config.host:config.port (0: any free port; the
// bound one is in the log).
caf::expected<caf::actor> start_text_door(caf::actor_system& sys, text_door_settings settings);

} // namespace strom
