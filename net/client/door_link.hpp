#pragma once
// The client library's link to one node's client door: an io broker in the
// application's actor system that looks like the node's broker to the
// library's actors (cast to broker_actor). Each call it gets becomes a
// request frame (net/client/door_protocol.hpp), each reply or failure the
// answer to it; a consumer session it opens is a small local actor whose
// calls go through the link, and the session's pushes reach the consumer.
// It logs in first (TLS, then a client certificate or SCRAM), and ends when
// its connection does, failing what is still unanswered as unreachable, or
// when the library no longer holds it (a front actor stands for it).
//
//   connect_door: blocks until the link has logged in, or failed to, or
//                 the time is up; never inside an event-based actor
//   door_connector: an actor for event-based callers (broker_pool) that
//                   does the same on a thread of its own

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/door_credentials.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

caf::expected<broker_actor> connect_door(caf::actor_system& sys, const endpoint& e,
                                         const door_credentials& credentials,
                                         std::chrono::milliseconds timeout_ms);

// Answers connect -> broker_actor once, then quits. Spawn it detached.
caf::behavior door_connector(caf::event_based_actor* self, endpoint e,
                             door_credentials credentials, std::chrono::milliseconds timeout_ms);

} // namespace strom
