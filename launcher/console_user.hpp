#pragma once
// `user create|delete|list`: the users SCRAM authenticates, kept by the
// controller as salted keys; the password is read at a prompt or from
// stdin and never leaves this process (net/tls/scram.hpp derives the keys).

#include "launcher/console_session.hpp"

namespace strom {

console_command user_command(console_context& context);

} // namespace strom
