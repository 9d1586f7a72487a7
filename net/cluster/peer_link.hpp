#pragma once
// One actor per peer: connects to the peer's broker through the middleman
// (asynchronously, never blocking a worker), pings it, and tells the local
// broker when the peer comes and goes. Reconnects with exponential backoff.
//
//   disconnected --connect ok--> connected --ping ok--> (peer_up)
//        ^                           |
//        +---- backoff <-- lost / pings missed / wrong identity (peer_down)

#include <string>

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "messages/interfaces.hpp"
#include "net/cluster/link_config.hpp"

namespace strom {

struct peer_link_settings {
  std::string cluster_name;
  node_address self;
  node_address peer;
  link_config config;
  local_broker_actor broker;
};

struct peer_link_state {
  static inline const char* name = "strom.peer_link";
  peer_link_settings settings;
  broker_actor remote;
  exponential_backoff backoff;
  // Bumped on every (re)connect and timer, so stale timers and replies are ignored.
  uint64_t epoch = 0;
  int pings_missed = 0;
};

caf::behavior peer_link(caf::stateful_actor<peer_link_state>* self, peer_link_settings settings);

} // namespace strom
