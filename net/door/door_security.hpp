#pragma once
// What a front door needs to be secure, from the manifest's `security`
// section: its TLS files (the node's client-facing certificate, and the
// client CA whose certificates it accepts), the mechanisms it takes, and
// the node's security view (users' credentials, the authorizer). Absent:
// plaintext and open to everyone.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/security/security_view.hpp"
#include "messages/security/acl.hpp"
#include "messages/security_config.hpp"

namespace strom {

struct door_security {
  tls_files tls;
  std::vector<std::string> mechanisms; // this door's, by the manifest's names
  std::shared_ptr<security_view> view;

  bool takes(const std::string& mechanism) const;
};

// Who a request comes from, once authenticated: "User:NAME".
struct door_principal {
  std::string name;
  std::string host;
};

// Whether `who` may do `operation` on the resource, by the view's current
// authorizer (or anything, when authorization is off).
bool door_allows(const door_security& security, const door_principal& who,
                 acl_operation operation, resource_type resource, const std::string& name);

// Kafka's rule for a new topic: create on the cluster, or on the topic.
bool door_may_create_topic(const door_security& security, const door_principal& who,
                           const std::string& topic);

} // namespace strom
