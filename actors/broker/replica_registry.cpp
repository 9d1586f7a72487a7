// The broker's third job: which replicas this node holds (the node registers
// each; a null handle means it is gone). Requests for them go through
// to_replica (broker_internal.hpp).

#include "actors/broker/broker_internal.hpp"

namespace strom::broker_detail {

void register_replica(broker_ptr self, group_id group, replica_actor& replica) {
  if (replica)
    self->state.replicas[group] = std::move(replica);
  else
    self->state.replicas.erase(group);
}

void wake_replicas(broker_ptr self) {
  for (auto& [group, replica] : self->state.replicas)
    self->send(replica, wake_atom::value);
}

} // namespace strom::broker_detail
