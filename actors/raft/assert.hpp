#pragma once
// Programmer errors stop the process, in release builds too (TigerBeetle's
// habit): a raft core that goes on after breaking its own invariant can lose
// acknowledged data, which is worse than stopping.

#include <cstdio>
#include <cstdlib>

#define STROM_RAFT_ASSERT(condition)                                          \
  do {                                                                        \
    if (!(condition)) {                                                       \
      std::fprintf(stderr, "raft assertion failed: %s (%s:%d)\n", #condition, \
                   __FILE__, __LINE__);                                       \
      std::abort();                                                           \
    }                                                                         \
  } while (false)
