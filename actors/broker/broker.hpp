#pragma once
// The broker: one per node, the door that peers and clients knock on. Its
// six jobs, a file each (broker_internal.hpp): peers' pings and the
// membership view; the raft transport between nodes (replicas hand it
// messages for other nodes, which it passes to the broker there, which
// passes them to its replica; heartbeats and their answers go in one bundle
// per node pair); the registry of local replicas and requests for them;
// client sessions; and the doors to the node's group and controller
// services. A request for a group this node does not host is answered
// not_leader with no hint (not_hosted_error), whatever the request.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "actors/broker/heartbeat_outbox.hpp"
#include "actors/broker/membership.hpp"
#include "messages/interfaces.hpp"

namespace strom {

struct broker_settings {
  std::string cluster_name;
  node_address self;
  std::vector<node_address> all_nodes;
  // How long a heartbeat (or its answer) for another node may wait to go
  // out with the others for that node: well below a tick (50 ms).
  std::chrono::milliseconds heartbeat_coalesce_ms{5};
};

struct broker_state {
  static inline const char* name = "strom.broker";
  broker_settings settings;
  membership members{{}, {}};
  // The broker of every peer that is up, from its link.
  std::map<node_id, broker_actor> peers;
  // The link to each peer (net/cluster/peer_link.hpp): a link that waits to
  // be dialled learns the peer's broker from the peer's pings.
  std::map<node_id, caf::actor> links;
  // Heartbeats for other nodes, until the next flush.
  heartbeat_outbox outbox;
  // The replicas this node holds.
  std::map<group_id, replica_actor> replicas;
  // Answers metadata and topic operations; null until the node registers it.
  controller_service_actor service;
  // Coordinates consumer groups; null until the node registers it.
  group_service_actor groups;
};

local_broker_actor::behavior_type
broker(local_broker_actor::stateful_pointer<broker_state> self, broker_settings settings);

} // namespace strom
