#pragma once
// The delivery reports of one Produce call, filled in by the producer
// actor's callbacks (which only store and notify, never wait) and waited
// for by the gRPC thread that made the call.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "net/client/producer_config.hpp"

namespace strom {

class delivery_tally {
public:
  explicit delivery_tally(size_t expected) : reports_(expected), missing_(expected) {}

  void deliver(size_t index, const delivery_report& report) {
    std::lock_guard<std::mutex> guard{mutex_};
    if (index >= reports_.size())
      return;
    reports_[index] = report;
    --missing_;
    if (missing_ == 0)
      done_.notify_all();
  }

  // True when every report arrived within `wait_ms`.
  bool wait(std::chrono::milliseconds wait_ms) {
    std::unique_lock<std::mutex> lock{mutex_};
    return done_.wait_for(lock, wait_ms, [this] { return missing_ == 0; });
  }

  // The reports so far; one not arrived is the default (offset -1, no error).
  std::vector<delivery_report> reports() const {
    std::lock_guard<std::mutex> guard{mutex_};
    return reports_;
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::vector<delivery_report> reports_;
  size_t missing_;
};

} // namespace strom
