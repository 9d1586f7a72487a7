#pragma once
// The one clock a node reads for Unix time: the wall clock read once per
// process, then moved on by the monotonic clock. A step of the wall clock
// while a node runs (an NTP step, `date -s`, a resumed VM) expires no
// session, fires no rebalance early or late, stamps no record back in time
// and ages no log for retention; NTP's slewing, which the monotonic clock
// follows too, still applies, and a restart takes the stepped time. Deadlines
// inside one actor use CAF's timers, which are monotonic already.

#include <cstdint>

namespace strom {

int64_t unix_now_ms();

} // namespace strom
