#include "net/door/door_security.hpp"

#include <algorithm>

namespace strom {

bool door_security::takes(const std::string& mechanism) const {
  return std::find(mechanisms.begin(), mechanisms.end(), mechanism) != mechanisms.end();
}

bool door_allows(const door_security& security, const door_principal& who,
                 acl_operation operation, resource_type resource, const std::string& name) {
  if (!security.view->authorization())
    return true;
  auto snapshot = security.view->current();
  return snapshot->decide.allows(access_request{who.name, who.host, operation, resource, name});
}

bool door_may_create_topic(const door_security& security, const door_principal& who,
                           const std::string& topic) {
  return door_allows(security, who, acl_operation::create, resource_type::cluster,
                     std::string{cluster_resource_name}) ||
         door_allows(security, who, acl_operation::create, resource_type::topic, topic);
}

} // namespace strom
