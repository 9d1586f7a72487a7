#pragma once
// The C++ client library's door of a node when the cluster is secured: an
// io broker listening on the node's client_port that forks one
// client_door_session per connection. CAF remoting stays the nodes' own
// link (its port trusts the peer CA alone); applications come in here,
// authenticated and authorized call by call (net/client/door_protocol.hpp).
//
//   start_client_door: binds (an error if it cannot), spawns the door
//   door -> sessions: linked, so that the door's exit (node shutdown) ends
//                     them all

#include <map>
#include <optional>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/endpoint.hpp"
#include "net/door/door_security.hpp"

namespace strom {

struct client_door_settings {
  std::string host;
  uint16_t port = 0; // 0: any free port (the bound one is in the log)
  broker_actor broker; // the node's own
  std::map<node_id, endpoint> advertised; // every node's client door
  std::optional<door_security> security;  // nothing: plaintext, open to all
};

caf::expected<caf::actor> start_client_door(caf::actor_system& sys,
                                            client_door_settings settings);

} // namespace strom
