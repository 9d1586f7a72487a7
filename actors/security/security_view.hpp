#pragma once
// What every door of a node reads to authenticate and authorize: the users'
// credentials and an authorizer over the current ACLs, as one immutable
// snapshot. The controller service publishes a new one whenever its table's
// users or ACLs change (applied from the log, or restored), so a change
// reaches every door of every node without a restart; a door takes the
// current snapshot once per request, without a lock on the hot path.

#include <memory>
#include <string>
#include <vector>

#include "actors/security/authorizer.hpp"
#include "actors/security/security_table.hpp"

namespace strom {

struct security_snapshot {
  security_table users_and_acls;
  authorizer decide;
};

class security_view {
public:
  // The manifest's super users and whether ACLs are enforced at all.
  security_view(std::vector<std::string> super_users, bool authorization);

  void publish(const security_table& table);
  std::shared_ptr<const security_snapshot> current() const;
  // False: every authenticated principal may do anything.
  bool authorization() const { return authorization_; }

private:
  std::vector<std::string> super_users_;
  bool authorization_ = true;
  std::shared_ptr<const security_snapshot> current_;
};

} // namespace strom
