#include "actors/security/authorizer.hpp"

#include <algorithm>

namespace strom {

namespace {

bool principal_matches(const acl_binding& acl, std::string_view principal) {
  return acl.principal == principal || acl.principal == user_principal(wildcard);
}

bool name_matches(const acl_binding& acl, std::string_view name) {
  if (acl.pattern == pattern_type::prefixed)
    return name.substr(0, acl.name.size()) == acl.name;
  return acl.name == name || acl.name == wildcard;
}

bool matches(const acl_binding& acl, const access_request& r) {
  return acl.resource == r.resource && principal_matches(acl, r.principal) &&
         (acl.host == wildcard || acl.host == r.host) && name_matches(acl, r.name);
}

// What an allow of `granted` lets one do, beyond itself and all.
bool implies(acl_operation granted, acl_operation wanted) {
  if (granted == wanted || granted == acl_operation::all)
    return true;
  if (wanted == acl_operation::describe)
    return granted == acl_operation::read || granted == acl_operation::write ||
           granted == acl_operation::remove || granted == acl_operation::alter;
  return wanted == acl_operation::describe_configs &&
         granted == acl_operation::alter_configs;
}

} // namespace

authorizer::authorizer(const std::vector<std::string>& super_users,
                       std::vector<acl_binding> acls)
    : acls_(std::move(acls)) {
  for (const auto& user : super_users)
    super_users_.push_back(user.find(':') == std::string::npos ? user_principal(user) : user);
}

bool authorizer::is_super_user(std::string_view principal) const {
  return std::find(super_users_.begin(), super_users_.end(), principal) != super_users_.end();
}

bool authorizer::allows(const access_request& r) const {
  if (is_super_user(r.principal))
    return true;
  bool allowed = false;
  for (const auto& acl : acls_) {
    if (!matches(acl, r))
      continue;
    if (acl.permission == acl_permission::deny &&
        (acl.operation == r.operation || acl.operation == acl_operation::all))
      return false;
    if (acl.permission == acl_permission::allow && implies(acl.operation, r.operation))
      allowed = true;
  }
  return allowed;
}

} // namespace strom
