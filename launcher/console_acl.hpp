#pragma once
// `acl add|list|remove`: Kafka's ACLs, kept by the controller and enforced
// by the one authorizer (actors/security/authorizer.hpp) at every door.

#include "launcher/console_session.hpp"

namespace strom {

console_command acl_command(console_context& context);

} // namespace strom
