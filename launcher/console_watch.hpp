#pragma once
// `watch cluster | topic NAME | group NAME`: a view that refreshes in place
// every --interval-ms (default 2 s) until q, Esc or Ctrl-C is pressed (or
// the input ends), or after --count refreshes: the nodes and who leads;
// a topic's partitions with their log end and each follower's lag; a
// group's members, commits and lag.

#include "launcher/console_session.hpp"

namespace strom {

console_command watch_command(console_context& context);

} // namespace strom
