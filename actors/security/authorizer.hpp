#pragma once
// Decides, for every door alike, whether a principal may do an operation on
// a resource, by Kafka's rules: super users may do anything; a deny that
// matches wins over any allow; an allow of read, write, delete or alter
// implies describe, one of alter-configs implies describe-configs; no
// matching allow is a refusal. Pure and immutable: the controller service
// builds a new one whenever users or ACLs change (security_view.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "messages/security/acl.hpp"

namespace strom {

struct access_request {
  std::string_view principal; // "User:alice"
  std::string_view host;      // the client's address
  acl_operation operation = acl_operation::describe;
  resource_type resource = resource_type::topic;
  std::string_view name;
};

class authorizer {
public:
  // `super_users` as the manifest names them: "admin" or "User:admin".
  authorizer(const std::vector<std::string>& super_users, std::vector<acl_binding> acls);

  bool allows(const access_request& request) const;
  bool is_super_user(std::string_view principal) const;
  const std::vector<acl_binding>& acls() const { return acls_; }

private:
  std::vector<std::string> super_users_;
  std::vector<acl_binding> acls_;
};

} // namespace strom
