#pragma once
// splitmix64: small, fast, and the same on every platform, so a seed replays
// the same election timeouts everywhere (std:: distributions are not portable).

#include <cstdint>

namespace strom::raft {

class prng {
public:
  explicit prng(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, bound); bound > 0. The modulo bias is negligible for the
  // small bounds used here.
  uint64_t below(uint64_t bound) { return next() % bound; }

  // True with probability numerator / denominator.
  bool chance(uint64_t numerator, uint64_t denominator) {
    return below(denominator) < numerator;
  }

private:
  uint64_t state_;
};

} // namespace strom::raft
