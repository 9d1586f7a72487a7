#pragma once
// `group list|describe|reset|delete`: consumer groups as their coordinators
// see them, and the admin's offset reset for a group whose consumers are
// stopped.

#include <string>
#include <vector>

#include "launcher/console_session.hpp"

namespace strom {

console_command group_command(console_context& context);

// The groups' names as the live brokers list them; none when they cannot
// say (completion offers nothing rather than failing).
std::vector<std::string> group_names(admin_client& client);

} // namespace strom
