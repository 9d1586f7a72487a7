#include "messages/hop_trace.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace strom {

namespace {

// One line is one write(2) to an O_APPEND descriptor: lines of several
// threads and processes never interleave, and a killed process loses none.
int trace_fd() {
  static const int fd = [] {
    const char* path = std::getenv("STROM_HOP_TRACE");
    if (path == nullptr || *path == '\0')
      return -1;
    return ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }();
  return fd;
}

int64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

} // namespace

bool hop_trace_on() { return trace_fd() >= 0; }

void hop_mark_always(const char* hop, int64_t a, int64_t b) {
  char line[160];
  int n = std::snprintf(line, sizeof line, "%lld %d %ld %s %lld %lld\n",
                        static_cast<long long>(monotonic_ns()), static_cast<int>(::getpid()),
                        static_cast<long>(::syscall(SYS_gettid)), hop,
                        static_cast<long long>(a), static_cast<long long>(b));
  if (n > 0 && ::write(trace_fd(), line, static_cast<size_t>(n)) < 0)
    return; // a lost mark only thins the trace
}

} // namespace strom
