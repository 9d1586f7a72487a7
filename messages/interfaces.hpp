#pragma once
// Typed actor interfaces: who sends what to whom.

#include <string>
#include <vector>

#include <caf/typed_actor.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "messages/atoms.hpp"
#include "messages/cluster_types.hpp"

namespace strom {

// The door every peer broker and client knocks on, published on the node's
// manifest port.
//   peer link -> broker: ping(from, cluster name) -> ping_reply
//   console   -> broker: members -> the membership view of this node
using broker_actor = caf::typed_actor<
  caf::replies_to<ping_atom, node_id, std::string>::with<ping_reply>,
  caf::replies_to<members_atom>::with<std::vector<member_info>>>;

// What the node's own cluster links tell its broker; never published.
//   link -> broker: peer_up(id) / peer_down(id, reason)
using local_broker_actor = broker_actor::extend<
  caf::reacts_to<peer_up_atom, node_id>,
  caf::reacts_to<peer_down_atom, node_id, std::string>>;

} // namespace strom
