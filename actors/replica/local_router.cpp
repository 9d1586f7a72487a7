#include "actors/replica/local_router.hpp"

namespace strom {

local_router_actor::behavior_type
local_router(local_router_actor::stateful_pointer<local_router_state> self) {
  return {
    [=](register_atom, node_id node, group_id group, replica_actor replica) {
      self->state.replicas[{node, group}] = std::move(replica);
    },
    [=](raft_atom, node_id to, group_id group, raft::message& m) {
      auto& st = self->state;
      if (st.isolated.count(to) > 0 || st.isolated.count(m.from) > 0)
        return;
      auto it = st.replicas.find({to, group});
      if (it != st.replicas.end())
        self->send(it->second, raft_atom::value, group, std::move(m));
    },
    [=](isolate_atom, node_id node, bool cut) {
      if (cut)
        self->state.isolated.insert(node);
      else
        self->state.isolated.erase(node);
      // As a broker would on a peer going down or coming back: quiet
      // groups wake and look again.
      for (auto& [where, replica] : self->state.replicas)
        self->send(replica, wake_atom::value);
    },
  };
}

} // namespace strom
