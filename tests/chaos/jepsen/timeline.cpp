#include "tests/chaos/jepsen/timeline.hpp"

namespace strom::testing::jepsen {

void timeline::add(const std::string& what) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - start_).count();
  std::lock_guard<std::mutex> guard{mutex_};
  lines_.push_back(std::to_string(ms) + " ms  " + what);
}

std::string timeline::text() const {
  std::lock_guard<std::mutex> guard{mutex_};
  std::string out;
  for (const auto& line : lines_)
    out += "  " + line + "\n";
  return out;
}

} // namespace strom::testing::jepsen
