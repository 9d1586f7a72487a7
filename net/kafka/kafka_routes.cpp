// A session's routes: which raft group holds each topic partition, read
// from the node's metadata and kept for a while, so that Produce, Fetch and
// ListOffsets do not each ask the broker for the whole cluster's metadata.
// A partition's group changes only when its topic is deleted and made
// again; leadership is the broker's to follow. Routes that lack what a
// request names (a topic just created) are read again at once.

#include "messages/atoms.hpp"
#include "net/kafka/kafka_session.hpp"

namespace strom::kafka_session_detail {

void with_routes(kafka_session_ptr self, const routes_check& enough,
                 std::function<void(const kafka::partition_routes&)> then,
                 std::function<void(const caf::error&)> failed) {
  auto& st = self->state;
  auto age = std::chrono::steady_clock::now() - st.routes_read_at;
  if (st.routes && age < st.context.config.routes_max_age_ms && enough(*st.routes))
    return then(*st.routes);
  self->request(st.context.broker, st.context.config.request_timeout_ms, metadata_atom::value,
                std::vector<std::string>{})
    .then(
      [self, then](const cluster_metadata& md) {
        auto routes = std::make_shared<const kafka::partition_routes>(md);
        self->state.routes = routes;
        self->state.routes_read_at = std::chrono::steady_clock::now();
        then(*routes); // its own reference: a callback may forget the session's
      },
      [failed](const caf::error& err) { failed(err); });
}

void forget_routes(kafka_session_ptr self) {
  self->state.routes.reset();
}

} // namespace strom::kafka_session_detail
