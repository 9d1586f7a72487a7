#pragma once
// `consume TOPIC [--partition P] [--offset N|beginning|end] [--count N]`:
// prints a partition's records as they arrive, until Ctrl-C or the count.

#include "launcher/console_session.hpp"

namespace strom {

console_command consume_command(console_context& context);

} // namespace strom
