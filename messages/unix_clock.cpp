#include "messages/unix_clock.hpp"

#include <chrono>

namespace strom {

namespace {

struct anchor {
  std::chrono::system_clock::time_point wall = std::chrono::system_clock::now();
  std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::now();
};

} // namespace

int64_t unix_now_ms() {
  static const anchor start;
  auto now = start.wall + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                            std::chrono::steady_clock::now() - start.steady);
  return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

} // namespace strom
