// The broker's fifth and sixth jobs: the door to the node's controller
// service (metadata, topics, producer ids) and group service (consumer
// groups). The node registers each once it runs; until then a request gets
// still_starting, which clients retry.

#include "actors/broker/broker_internal.hpp"

namespace strom::broker_detail {

void register_controller(broker_ptr self, controller_service_actor& service) {
  auto& st = self->state;
  st.service = std::move(service);
  // The service learns of peers already up; later ones come as they happen.
  for (auto& [id, remote] : st.peers)
    self->send(st.service, peer_up_atom::value, id, remote);
}

void register_groups(broker_ptr self, group_service_actor& groups) {
  self->state.groups = std::move(groups);
}

caf::error still_starting(broker_ptr self, errc code) {
  return make_error(code, "node " + std::to_string(self->state.settings.self.id.value())
                            + " is still starting");
}

} // namespace strom::broker_detail
