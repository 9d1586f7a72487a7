#pragma once
// The broker: one per node, the door that peers and clients knock on. For now
// it answers pings and keeps the membership view its peer links report; later
// layers hang replicas, the controller and sessions off it.

#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "actors/membership.hpp"
#include "messages/interfaces.hpp"

namespace strom {

struct broker_settings {
  std::string cluster_name;
  node_address self;
  std::vector<node_address> all_nodes;
};

struct broker_state {
  static inline const char* name = "strom.broker";
  broker_settings settings;
  membership members{{}, {}};
};

local_broker_actor::behavior_type
broker(local_broker_actor::stateful_pointer<broker_state> self, broker_settings settings);

} // namespace strom
