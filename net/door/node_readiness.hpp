#pragma once
// Whether a node is ready for traffic, for /readyz and gRPC's health
// service: it has joined the cluster (it sees a majority of the nodes,
// itself among them, alive), it knows the controller's leader and has its
// table, and each of its replicas knows a leader and holds what that leader
// committed. Not ready comes with every reason, for the operator.

#include <string>
#include <vector>

#include "messages/metadata_types.hpp"
#include "messages/metrics/replica_gauges.hpp"

namespace strom {

class door_client;

struct node_readiness {
  bool ready = false;
  std::vector<std::string> reasons; // empty when ready
};

// Pure: the node's view of the cluster and its replicas' totals.
node_readiness judge_readiness(const cluster_metadata& cluster,
                               const metrics::replica_totals& replicas);

// Asks the node's broker (blocking: a door's thread) and reads the board.
node_readiness check_readiness(door_client& client);

} // namespace strom
