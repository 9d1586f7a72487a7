// Users and ACLs: changed as topics are (validated and proposed on the
// controller leader, forwarded from any other node), listed from this
// node's copy of the table.

#include "actors/controller/service/controller_internal.hpp"
#include "actors/controller/service/controller_requests.hpp"

namespace strom::controller_detail {

namespace {

using void_promise = caf::typed_response_promise<caf::unit_t>;
using acls_promise = caf::typed_response_promise<std::vector<acl_binding>>;

void deliver_done(self_ptr, void_promise& promise, const apply_effect&) {
  promise.deliver(caf::unit);
}

} // namespace

caf::result<void> upsert_user(self_ptr self, std::string& name, scram_credential& c) {
  if (!leads_controller(self))
    return delegate_to_leader(self, upsert_user_atom::value, name, c);
  return run_command<caf::unit_t>(self, upsert_user_command{name, c}, deliver_done);
}

caf::result<void> delete_user(self_ptr self, std::string& name) {
  if (!leads_controller(self))
    return delegate_to_leader(self, delete_user_atom::value, name);
  return run_command<caf::unit_t>(self, delete_user_command{name}, deliver_done);
}

caf::result<void> create_acls(self_ptr self, std::vector<acl_binding>& acls) {
  if (!leads_controller(self))
    return delegate_to_leader(self, create_acls_atom::value, acls);
  return run_command<caf::unit_t>(self, create_acls_command{acls}, deliver_done);
}

caf::result<std::vector<acl_binding>> delete_acls(self_ptr self, acl_filter& filter) {
  if (!leads_controller(self))
    return forward<std::vector<acl_binding>>(self, delete_acls_atom::value, filter);
  return run_command<std::vector<acl_binding>>(
    self, delete_acls_command{filter},
    [](self_ptr, acls_promise& p, const apply_effect& effect) { p.deliver(effect.acls_deleted); });
}

std::vector<user_summary> list_users(self_ptr self) {
  std::vector<user_summary> out;
  for (const auto& user : self->state.table.security().users()) {
    user_summary summary{user.name, {}};
    for (const auto& c : user.credentials)
      summary.mechanisms.push_back(to_string(c.mechanism));
    out.push_back(std::move(summary));
  }
  return out;
}

std::vector<acl_binding> list_acls(self_ptr self, const acl_filter& filter) {
  return self->state.table.security().acls(filter);
}

} // namespace strom::controller_detail
