#pragma once
// One actor per peer: reaches the peer's broker, pings it, and tells the
// local broker when the peer comes and goes.
//
// Of each pair of nodes, the one with the lower id dials (through the
// middleman, asynchronously, never blocking a worker) and redials with
// exponential backoff; the other waits to be dialled and learns the peer's
// broker from the peer's pings (contact, through its broker). Both dialling
// raced: CAF keeps one connection per pair of nodes and drops the handshake
// of a node it already knows, and two handshakes in flight at once left a
// pair whose messages went one way only for good (issue 24, finding C).
//
//   dialler: disconnected --connect ok--> connected --ping ok--> (peer_up)
//                 ^                           |
//                 +- backoff <- lost / pings missed / wrong identity (peer_down)
//   dialled: waiting --contact--> connected --ping ok--> (peer_up)
//                 ^                   |
//                 +------------ lost / pings missed / wrong identity (peer_down)

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
  // This side dials (the lower node id); the other waits to be dialled.
  bool dials = true;
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
