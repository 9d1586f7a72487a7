#pragma once
// `topic create|delete|describe|list`: the controller's topic operations, run
// by its leader wherever the node asked is.

#include <string>
#include <vector>

#include "launcher/console_session.hpp"

namespace strom {

console_command topic_command(console_context& context);

// The topics' names as the node asked knows them; none when it cannot say
// (completion offers nothing rather than failing).
std::vector<std::string> topic_names(admin_client& client);

} // namespace strom
