#pragma once
// SIGINT and SIGTERM are blocked in every thread and taken synchronously
// (sigwait or signalfd), so that no handler runs inside CAF's threads.

#include <signal.h>

namespace strom {

// Call before any thread starts: threads inherit the mask.
sigset_t block_shutdown_signals();

// Blocks until SIGINT or SIGTERM arrives; returns the signal.
int wait_for_shutdown_signal(const sigset_t& signals);

} // namespace strom
