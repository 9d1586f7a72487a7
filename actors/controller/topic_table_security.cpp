// Users and ACLs in the controller's table: validated like every command,
// applied to its security_table.

#include "actors/controller/topic_table.hpp"
#include "messages/overloaded.hpp"

namespace strom {

result<void> topic_table::validate_security(const upsert_user_command& c) const {
  return security_table::validate_user(c.name, c.credential);
}

result<void> topic_table::validate_security(const delete_user_command& c) const {
  if (!security_.has_user(c.name))
    return strom::error{errc::not_found, "no user " + c.name};
  return {};
}

result<void> topic_table::validate_security(const create_acls_command& c) const {
  if (c.acls.empty())
    return strom::error{errc::bad_request, "no ACL to create"};
  for (const auto& acl : c.acls)
    if (auto ok = strom::validate(acl); !ok)
      return ok.error();
  return {};
}

result<void> topic_table::validate_security(const delete_acls_command&) const { return {}; }

apply_effect topic_table::apply_security(const controller_command& command) {
  apply_effect effect;
  effect.security_changed = true;
  std::visit(overloaded{
               [&](const upsert_user_command& c) { security_.upsert_user(c.name, c.credential); },
               [&](const delete_user_command& c) { security_.delete_user(c.name); },
               [&](const create_acls_command& c) { security_.create_acls(c.acls); },
               [&](const delete_acls_command& c) {
                 effect.acls_deleted = security_.delete_acls(c.filter);
               },
               [&](const auto&) { effect.security_changed = false; },
             },
             command);
  return effect;
}

} // namespace strom
