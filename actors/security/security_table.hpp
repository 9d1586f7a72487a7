#pragma once
// Users and ACLs: the part of the controller's metadata that security reads,
// applied from the same log as topics (actors/controller/topic_table.hpp
// holds one). Pure and deterministic: ordered maps and sets, so that equal
// tables snapshot to equal bytes.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "messages/security/acl.hpp"
#include "messages/security/scram_credential.hpp"
#include "messages/result.hpp"

namespace strom {

// A user and the mechanisms it has a credential for.
struct user_info {
  std::string name;
  std::vector<scram_credential> credentials; // by mechanism
};

class security_table {
public:
  // bad_request for a name that is empty, too long or holds control
  // characters, or a credential that is not whole.
  static result<void> validate_user(const std::string& name, const scram_credential& c);

  // Adds the user, or replaces its credential of that mechanism.
  void upsert_user(const std::string& name, const scram_credential& c);
  // not_found for a user that does not exist.
  result<void> delete_user(const std::string& name);
  // Each binding must pass validate(); adding one that exists changes nothing.
  void create_acls(const std::vector<acl_binding>& acls);
  // The bindings the filter matched, now removed.
  std::vector<acl_binding> delete_acls(const acl_filter& filter);

  std::vector<user_info> users() const;
  bool has_user(const std::string& name) const { return users_.count(name) != 0; }
  const scram_credential* credential(const std::string& user, scram_mechanism m) const;
  std::vector<acl_binding> acls(const acl_filter& filter = {}) const;

  friend bool operator==(const security_table& a, const security_table& b) {
    return a.users_ == b.users_ && a.acls_ == b.acls_;
  }

private:
  // user -> mechanism -> credential
  std::map<std::string, std::map<scram_mechanism, scram_credential>> users_;
  std::set<acl_binding> acls_;
};

bool operator==(const scram_credential& a, const scram_credential& b);

} // namespace strom
