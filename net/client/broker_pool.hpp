#pragma once
// The brokers an event-based client actor talks to, by address: connects
// through the middleman without blocking (one connect per address however
// many callers wait), keeps the handle, monitors it, and forgets it when the
// connection goes down or a request to it timed out, so the next use
// connects afresh (a restarted node has a new handle).
//
// The owning actor forwards its down messages to on_down().

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>

#include "messages/interfaces.hpp"
#include "net/client/door_credentials.hpp"
#include "net/client/endpoint.hpp"

namespace strom {

class broker_pool {
public:
  using callback = std::function<void(caf::expected<broker_actor>)>;

  broker_pool(caf::event_based_actor* self, std::chrono::milliseconds connect_timeout_ms)
      : self_(self), connect_timeout_ms_(connect_timeout_ms) {}

  // Calls `then` once with the broker at `e`: at once when connected, else
  // when the connect ends (unreachable on failure).
  void with(const endpoint& e, callback then);
  // The broker at `e` may be gone (a request timed out): connect again next time.
  void drop(const endpoint& e);
  // True when the down message was one of ours; that broker is forgotten.
  bool on_down(const caf::down_msg& msg);

private:
  void connect_through_door(const endpoint& e, const door_credentials& credentials);
  void connected(const endpoint& e, caf::expected<broker_actor> outcome);

  caf::event_based_actor* self_;
  std::chrono::milliseconds connect_timeout_ms_;
  std::map<std::string, broker_actor> brokers_;
  std::map<std::string, std::vector<callback>> connecting_;
};

} // namespace strom
