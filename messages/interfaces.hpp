#pragma once
// Typed actor interfaces: who sends what to whom.

#include <string>
#include <vector>

#include <caf/typed_actor.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "messages/atoms.hpp"
#include "messages/cluster_types.hpp"
#include "messages/raft/message.hpp"

namespace strom {

struct replica_status {
  group_id group;
  node_id id;
  std::string role;
  term_id term;
  node_id leader;
  raft_index commit;
  raft_index applied;
  raft_index last;
  std::vector<node_id> voters;
  // What the state machine says of itself (a count, a digest), for tests and tools.
  std::string machine;

  template <class Inspector>
  friend auto inspect(Inspector& f, replica_status& x) {
    return f(x.group, x.id, x.role, x.term, x.leader, x.commit, x.applied, x.last, x.voters,
             x.machine);
  }
};

// One replica of one raft group on this node.
//   router (peer replica)   -> replica: raft(group, message), one-way
//   client, broker, tests   -> replica: propose(payloads) -> index, once applied
//                                       status -> replica_status
//                                       transfer(to), leadership transfer
//   its own timer           -> replica: tick(generation)
//   the storage writer      -> replica: persisted(sequence, ok)
using replica_actor = caf::typed_actor<
  caf::reacts_to<raft_atom, group_id, raft::message>,
  caf::replies_to<propose_atom, std::vector<std::string>>::with<raft_index>,
  caf::replies_to<status_atom>::with<replica_status>,
  caf::replies_to<transfer_atom, node_id>::with<void>,
  caf::reacts_to<tick_atom, uint64_t>,
  caf::reacts_to<persisted_atom, uint64_t, bool>>;

// Carries raft messages to the replica of `group` on node `to`: the broker
// (across nodes) or a local_router (replicas sharing one actor system).
using raft_router_actor =
  caf::typed_actor<caf::reacts_to<raft_atom, node_id, group_id, raft::message>>;

// The door every peer broker and client knocks on, published on the node's
// manifest port.
//   peer link   -> broker: ping(from, cluster name) -> ping_reply
//   console     -> broker: members -> the membership view of this node
//   peer broker -> broker: raft(group, message), for the local replica of group
//   client      -> broker: propose(group, payloads), status(group), forwarded
//                          to the local replica of group
using broker_actor = caf::typed_actor<
  caf::replies_to<ping_atom, node_id, std::string>::with<ping_reply>,
  caf::replies_to<members_atom>::with<std::vector<member_info>>,
  caf::reacts_to<raft_atom, group_id, raft::message>,
  caf::replies_to<propose_atom, group_id, std::vector<std::string>>::with<raft_index>,
  caf::replies_to<status_atom, group_id>::with<replica_status>>;

// What the node's own actors tell its broker; never published.
//   link    -> broker: peer_up(id, its broker) / peer_down(id, reason)
//   replica -> broker: raft(to, group, message), to the replica on node `to`
//   node    -> broker: register(group, replica), where a local replica lives
using local_broker_actor = broker_actor::extend<
  caf::reacts_to<peer_up_atom, node_id, broker_actor>,
  caf::reacts_to<peer_down_atom, node_id, std::string>,
  caf::reacts_to<raft_atom, node_id, group_id, raft::message>,
  caf::reacts_to<register_atom, group_id, replica_actor>>;

} // namespace strom
