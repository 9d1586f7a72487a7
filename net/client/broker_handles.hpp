#pragma once
// Blocking connections to brokers by address, for tools that talk to several
// nodes at once (a group's coordinator, every broker for a listing): one
// handle per address, dropped when a request to it loses its connection or
// times out, so that the next use connects afresh (a restarted node has a
// new handle).

#include <chrono>
#include <map>
#include <string>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/blocking_request.hpp"
#include "net/client/broker_connect.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

class broker_handles {
public:
  broker_handles(caf::actor_system& sys, std::chrono::milliseconds timeout_ms)
      : sys_(sys), timeout_ms_(timeout_ms) {}

  // Connects (blocking, within the timeout) unless connected already.
  caf::expected<broker_actor> at(const endpoint& e);

  template <class Reply, class... Ts>
  caf::expected<Reply> ask(const endpoint& e, Ts&&... xs) {
    auto broker = at(e);
    if (!broker)
      return std::move(broker.error());
    auto out = request_blocking<Reply>(sys_, *broker, timeout_ms_, std::forward<Ts>(xs)...);
    if (!out && lost_connection(out.error()))
      handles_.erase(e.to_string());
    return out;
  }

private:
  caf::actor_system& sys_;
  std::chrono::milliseconds timeout_ms_;
  std::map<std::string, broker_actor> handles_;
};

} // namespace strom
