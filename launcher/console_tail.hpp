#pragma once
// `tail TOPIC [--from beginning|end] [--group GROUP]`: every partition's
// records as they arrive, until Ctrl-C (which ends the tail, not the console).

#include "launcher/console_session.hpp"

namespace strom {

console_command tail_command(console_context& context);

} // namespace strom
