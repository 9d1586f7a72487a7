#pragma once
// A state machine that keeps only a count and a digest of what it applied:
// replicas that applied the same entries in the same order agree on both.

#include <cstdint>
#include <sstream>
#include <string>

#include "actors/replica/state_machine.hpp"

namespace strom::bench {

class digest_machine : public state_machine {
public:
  void apply(const raft::entry& committed) override {
    ++applied_;
    // FNV-1a over the payload, chained with the previous digest.
    for (unsigned char c : committed.payload)
      digest_ = (digest_ ^ c) * 1099511628211ULL;
    digest_ = (digest_ ^ static_cast<uint64_t>(committed.index.value())) * 1099511628211ULL;
  }
  std::string snapshot() const override {
    return std::to_string(applied_) + " " + std::to_string(digest_);
  }
  void restore(const std::string& bytes) override {
    std::istringstream in{bytes};
    in >> applied_ >> digest_;
  }
  std::string describe() const override {
    return "applied=" + std::to_string(applied_) + " digest=" + std::to_string(digest_);
  }

private:
  uint64_t applied_ = 0;
  uint64_t digest_ = 14695981039346656037ULL;
};

} // namespace strom::bench
