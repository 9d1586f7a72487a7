#pragma once
// The Kafka wire-protocol front door of a node: an io broker listening on
// the node's kafka_port that forks one kafka_session per connection, so
// that Kafka's own clients (librdkafka, the Java client, ...) talk to the
// cluster. It decides nothing itself: sessions translate Kafka's requests
// into the typed messages of the node's own broker.
//
//   start_kafka_door: binds (an error if it cannot), spawns the door
//   door -> sessions: linked, so that the door's exit (node shutdown) ends them

#include <optional>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/door/door_security.hpp"
#include "net/kafka/kafka_door_config.hpp"

namespace strom {

struct kafka_door_settings {
  kafka_door_config config;
  broker_actor broker; // the node's own
  std::optional<door_security> security; // nothing: plaintext, open to all
};

// The door, listening on config.host:config.port (0: any free port).
caf::expected<caf::actor> start_kafka_door(caf::actor_system& sys, kafka_door_settings settings);

} // namespace strom
