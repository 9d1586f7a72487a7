#pragma once
// `produce TOPIC [KEY:]VALUE`: one record with acks=all, through the client
// library's producer; prints where it went.

#include "launcher/console_session.hpp"

namespace strom {

console_command produce_command(console_context& context);

} // namespace strom
