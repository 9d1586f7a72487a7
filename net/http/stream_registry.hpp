#pragma once
// The consumers of open WebSocket sessions, so that the door's stop can
// close them (they commit and leave their groups) even though their
// sessions are dropped with the io_context, never finishing.

#include <mutex>
#include <set>
#include <vector>

#include <caf/actor.hpp>

namespace strom {

class stream_registry {
public:
  void add(const caf::actor& consumer) {
    std::lock_guard<std::mutex> guard{mutex_};
    consumers_.insert(consumer);
  }
  void remove(const caf::actor& consumer) {
    std::lock_guard<std::mutex> guard{mutex_};
    consumers_.erase(consumer);
  }
  std::vector<caf::actor> take_all() {
    std::lock_guard<std::mutex> guard{mutex_};
    std::vector<caf::actor> out{consumers_.begin(), consumers_.end()};
    consumers_.clear();
    return out;
  }

private:
  std::mutex mutex_;
  std::set<caf::actor> consumers_;
};

} // namespace strom
