#include "actors/security/security_table.hpp"

#include <tuple>

namespace strom {

namespace {

constexpr size_t user_name_max_bytes = 255;

} // namespace

bool operator==(const scram_credential& a, const scram_credential& b) {
  return std::tie(a.mechanism, a.salt, a.stored_key, a.server_key, a.iterations) ==
         std::tie(b.mechanism, b.salt, b.stored_key, b.server_key, b.iterations);
}

result<void> security_table::validate_user(const std::string& name, const scram_credential& c) {
  if (name.empty() || name.size() > user_name_max_bytes)
    return strom::error{errc::bad_request, "a user name is 1 to " +
                                             std::to_string(user_name_max_bytes) + " bytes"};
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7f || ch == ',' || ch == '=')
      return strom::error{errc::bad_request,
                          "a user name may not hold control characters, ',' or '='"};
  return validate(c);
}

void security_table::upsert_user(const std::string& name, const scram_credential& c) {
  users_[name][c.mechanism] = c;
}

result<void> security_table::delete_user(const std::string& name) {
  if (users_.erase(name) == 0)
    return strom::error{errc::not_found, "no user " + name};
  return {};
}

void security_table::create_acls(const std::vector<acl_binding>& acls) {
  acls_.insert(acls.begin(), acls.end());
}

std::vector<acl_binding> security_table::delete_acls(const acl_filter& filter) {
  std::vector<acl_binding> out;
  for (auto it = acls_.begin(); it != acls_.end();) {
    if (filter.matches(*it)) {
      out.push_back(*it);
      it = acls_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<user_info> security_table::users() const {
  std::vector<user_info> out;
  for (const auto& [name, by_mechanism] : users_) {
    user_info info{name, {}};
    for (const auto& [m, c] : by_mechanism)
      info.credentials.push_back(c);
    out.push_back(std::move(info));
  }
  return out;
}

const scram_credential* security_table::credential(const std::string& user,
                                                   scram_mechanism m) const {
  auto it = users_.find(user);
  if (it == users_.end())
    return nullptr;
  auto c = it->second.find(m);
  return c == it->second.end() ? nullptr : &c->second;
}

std::vector<acl_binding> security_table::acls(const acl_filter& filter) const {
  std::vector<acl_binding> out;
  for (const auto& acl : acls_)
    if (filter.matches(acl))
      out.push_back(acl);
  return out;
}

} // namespace strom
