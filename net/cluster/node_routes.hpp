#pragma once
// Where a node listens and how it reaches each peer, when that differs from
// the manifest. The manifest's addresses stay what the metadata tells clients
// and what the other nodes dial (Kafka's advertised listeners): a node behind
// a port mapping binds elsewhere, and a peer may be reached through another
// route. The fault tests put a proxy on every link this way.

#include <map>
#include <optional>

#include "messages/types.hpp"

namespace strom {

struct node_routes {
  // Publish the broker here instead of at the node's manifest address.
  std::optional<node_address> bind;
  // Dial these peers here instead of at their manifest address.
  std::map<node_id, node_address> peers;
};

} // namespace strom
