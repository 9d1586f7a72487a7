#include "actors/security/security_view.hpp"

#include <atomic>

namespace strom {

security_view::security_view(std::vector<std::string> super_users, bool authorization)
    : super_users_(std::move(super_users)), authorization_(authorization) {
  publish(security_table{});
}

void security_view::publish(const security_table& table) {
  auto next = std::make_shared<const security_snapshot>(
    security_snapshot{table, authorizer{super_users_, table.acls()}});
  std::atomic_store(&current_, std::move(next));
}

std::shared_ptr<const security_snapshot> security_view::current() const {
  return std::atomic_load(&current_);
}

} // namespace strom
