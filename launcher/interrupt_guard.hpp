#pragma once
// Ctrl-C (and SIGTERM) ends a stream of records, not the process: while a
// guard lives, those signals only raise a flag that the reading loop checks,
// so that it can stop cleanly (commit, leave its group, restore the
// terminal). The previous handlers come back when the guard goes.

#include <signal.h>

namespace strom {

class interrupt_guard {
public:
  interrupt_guard();
  ~interrupt_guard();
  interrupt_guard(const interrupt_guard&) = delete;
  interrupt_guard& operator=(const interrupt_guard&) = delete;

  // True once SIGINT or SIGTERM arrived since the guard was made.
  static bool interrupted();

private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

} // namespace strom
