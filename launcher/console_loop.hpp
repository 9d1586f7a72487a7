#pragma once
// The interactive console: reads lines (with the line editor on a terminal,
// plainly from a pipe), runs them, and goes on after any error.

#include "net/client/admin_client.hpp"

namespace strom {

// Returns the status of the last command when input ends, 0 after `quit`.
int run_console_loop(admin_client& client);

} // namespace strom

#include "launcher/manifest.hpp"

namespace strom {

// The console attached to the nodes of a manifest, in its own actor system.
int run_console_with_manifest(const manifest& m);

} // namespace strom
