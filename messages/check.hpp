#pragma once
// A broken invariant stops the process, in release builds too (TigerBeetle's
// habit): code that goes on after breaking its own invariant can lose or
// duplicate acknowledged data, which is worse than stopping. `assert` is for
// nothing that guards correctness: NDEBUG removes it.

#include <cstdio>
#include <cstdlib>

#define STROM_CHECK(condition)                                                \
  do {                                                                        \
    if (!(condition)) {                                                       \
      std::fprintf(stderr, "strom: check failed: %s (%s:%d)\n", #condition,   \
                   __FILE__, __LINE__);                                       \
      std::abort();                                                           \
    }                                                                         \
  } while (false)
