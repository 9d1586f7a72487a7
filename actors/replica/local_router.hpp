#pragma once
// Routes raft messages between replicas that live in one actor system: the
// transport of in-process benchmarks and tests. It can cut a node off, as a
// network partition would, to test failover without processes.
//   register(node, group, replica)          where a replica lives
//   raft(to, group, message)                deliver, unless `to` or the sender is cut
//   isolate(node, bool)                     cut a node off, or heal it

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>
#include <set>

#include "messages/interfaces.hpp"

namespace strom {

using isolate_atom = caf::atom_constant<caf::atom("isolate")>;

using local_router_actor = raft_router_actor::extend<
  caf::reacts_to<register_atom, node_id, group_id, replica_actor>,
  caf::reacts_to<isolate_atom, node_id, bool>>;

struct local_router_state {
  static inline const char* name = "strom.local_router";
  std::map<std::pair<node_id, group_id>, replica_actor> replicas;
  std::set<node_id> isolated;
};

local_router_actor::behavior_type
local_router(local_router_actor::stateful_pointer<local_router_state> self);

} // namespace strom
