#pragma once
// The actor system of an application that has none of its own: the client
// library starts it with strom's configuration (the middleman, every message
// type announced, connection heartbeats) and stops it when the runtime goes,
// after the producers and consumers made on it (declare it first).
//
//   strom::client_runtime runtime;
//   strom::producer p{runtime.system(), {{"127.0.0.1", 9301}}};
//
// A secured cluster's application passes its door_credentials, and names
// the nodes' client doors (client_port) as its bootstrap endpoints.
//
// An application with its own actor system derives its configuration from
// strom::strom_config (net/cluster/system_config.hpp) instead, so that the
// library's actors run beside its own.

#include <caf/actor_system.hpp>

#include "net/cluster/system_config.hpp"

namespace strom {

class client_runtime {
public:
  client_runtime() : system_(config_) {}
  // Through the nodes' client doors, as `credentials` say who it is.
  explicit client_runtime(door_credentials credentials)
      : config_(std::move(credentials)), system_(config_) {}
  client_runtime(const client_runtime&) = delete;
  client_runtime& operator=(const client_runtime&) = delete;

  caf::actor_system& system() { return system_; }

private:
  strom_config config_;
  caf::actor_system system_;
};

} // namespace strom
