#pragma once
// Reaching a broker through the middleman: the handle check both the
// blocking and the asynchronous paths share, and the blocking connect for
// code outside actors. Never caf::io::remote_actor: it has no timeout and
// hangs on a frozen node; the middleman's connect request has one.

#include <chrono>
#include <set>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>
#include <caf/fwd.hpp>

#include "messages/interfaces.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

// What the middleman's connect answered, as a broker handle, or unreachable
// saying why (nothing published there, another interface or version).
caf::expected<broker_actor> to_broker(caf::actor_system& sys, const endpoint& e,
                                      caf::strong_actor_ptr ptr,
                                      const std::set<std::string>& interfaces);

// The error says the broker may be gone (a timeout, a lost connection), not
// that it refused: connect afresh next time.
bool lost_connection(const caf::error& err);

// Blocks the calling thread for at most `timeout_ms`; never call it inside an
// event-based actor (broker_pool connects asynchronously there).
caf::expected<broker_actor> connect_broker(caf::actor_system& sys, const endpoint& e,
                                           std::chrono::milliseconds timeout_ms);

} // namespace strom
