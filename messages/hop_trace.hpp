#pragma once
// Timestamps of a write's hops through the client, broker, replica, writer
// and syncer, to find where window-1 latency goes. Off (one branch on a
// cached flag) unless the environment's STROM_HOP_TRACE names a file; then
// every process appends one line per mark, "<monotonic ns> <pid> <tid> <hop>
// <a> <b>", to it. CLOCK_MONOTONIC is one clock for every process on a
// machine, so the lines of a client and three local nodes sort into one
// timeline (tests/bench/hop_budget.py turns it into a per-hop budget).

#include <cstdint>

namespace strom {

// Whether marks are written: STROM_HOP_TRACE was set at the first call.
bool hop_trace_on();
// `hop` is a literal naming the place; a and b whatever identifies the write
// there (group and index, say), or -1.
void hop_mark_always(const char* hop, int64_t a, int64_t b);

inline void hop_mark(const char* hop, int64_t a = -1, int64_t b = -1) {
  if (hop_trace_on())
    hop_mark_always(hop, a, b);
}

} // namespace strom
