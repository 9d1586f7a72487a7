#pragma once
// What happened during one schedule, in order, with the milliseconds since
// it began: faults, heals and the workload's notable operations. A failing
// check prints it with the seed.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace strom::testing::jepsen {

class timeline {
public:
  timeline() : start_(std::chrono::steady_clock::now()) {}

  void add(const std::string& what);
  std::string text() const;

private:
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

} // namespace strom::testing::jepsen
