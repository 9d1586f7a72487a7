#pragma once
// A state machine that remembers every payload applied, in order: what a
// test compares across replicas.

#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "actors/replica/state_machine.hpp"

namespace strom::testing {

class list_machine : public state_machine {
public:
  void apply(const raft::entry& committed) override {
    std::lock_guard<std::mutex> guard{mutex_};
    items_.push_back(committed.payload);
  }
  std::string snapshot() const override {
    std::lock_guard<std::mutex> guard{mutex_};
    std::string out;
    for (const auto& item : items_)
      out += item + "\n";
    return out;
  }
  void restore(const std::string& bytes) override {
    std::lock_guard<std::mutex> guard{mutex_};
    items_.clear();
    std::istringstream in{bytes};
    for (std::string line; std::getline(in, line);)
      items_.push_back(line);
  }
  std::vector<std::string> items() const {
    std::lock_guard<std::mutex> guard{mutex_};
    return items_;
  }

private:
  mutable std::mutex mutex_;
  std::vector<std::string> items_;
};

} // namespace strom::testing
