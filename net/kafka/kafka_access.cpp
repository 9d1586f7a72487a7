// What the session's principal may do, asked of the node's one authorizer
// as every door asks it. Each API answers a refusal with Kafka's own code
// for the resource: TOPIC_, GROUP_ or CLUSTER_AUTHORIZATION_FAILED.

#include "net/kafka/kafka_session.hpp"

namespace strom::kafka_session_detail {

bool may(kafka_session_ptr self, acl_operation operation, resource_type resource,
         const std::string& name) {
  const auto& st = self->state;
  if (!st.context.security)
    return true;
  return st.principal &&
         door_allows(*st.context.security, *st.principal, operation, resource, name);
}

bool may_create_topic(kafka_session_ptr self, const std::string& topic) {
  const auto& st = self->state;
  if (!st.context.security)
    return true;
  return st.principal && door_may_create_topic(*st.context.security, *st.principal, topic);
}

} // namespace strom::kafka_session_detail
