#pragma once
// The replica's typed interface: who sends what.
//   router (peer replica)   -> replica: raft(group, message), one-way
//   client, broker, tests   -> replica: propose(payloads) -> index, once applied
//                                       status -> replica_status
//                                       transfer(to) -> (), leadership transfer
//   its own timer           -> replica: tick(generation)
//   the storage writer      -> replica: persisted(sequence, ok)

#include <string>
#include <vector>

#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/replies_to.hpp>

#include "actors/raft/message.hpp"
#include "messages/atoms.hpp"

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

  template <class Inspector>
  friend auto inspect(Inspector& f, replica_status& x) {
    return f(x.group, x.id, x.role, x.term, x.leader, x.commit, x.applied, x.last, x.voters);
  }
};

// Carries raft messages to the replica of `group` on node `to`: the broker
// (across nodes) or a local_router (replicas sharing one actor system).
using raft_router_actor = caf::typed_actor<caf::reacts_to<raft_atom, node_id, group_id, raft::message>>;

using replica_actor = caf::typed_actor<
  caf::reacts_to<raft_atom, group_id, raft::message>,
  caf::replies_to<propose_atom, std::vector<std::string>>::with<raft_index>,
  caf::replies_to<status_atom>::with<replica_status>,
  caf::replies_to<transfer_atom, node_id>::with<void>,
  caf::reacts_to<tick_atom, uint64_t>,
  caf::reacts_to<persisted_atom, uint64_t, bool>>;

} // namespace strom
