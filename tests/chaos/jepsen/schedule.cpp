#include "tests/chaos/jepsen/schedule.hpp"

#include <algorithm>
#include <random>

namespace strom::testing::jepsen {

namespace {

// Long enough for elections, session checks and retries to act; short
// enough for ten schedules of every kind in about five minutes.
constexpr int hold_min_ms = 800;
constexpr int hold_max_ms = 2000;
constexpr int gap_min_ms = 200;
constexpr int gap_max_ms = 600;
constexpr int clock_step_max_minutes = 15;

int between(std::mt19937_64& random, int low, int high) {
  return low + static_cast<int>(random() % static_cast<uint64_t>(high - low + 1));
}

fault draw(std::mt19937_64& random, fault_kind kind, int nodes) {
  fault f{kind, node_id{between(random, 1, nodes)}, node_id{-1}};
  do
    f.b = node_id{between(random, 1, nodes)};
  while (f.b == f.a);
  f.hold_ms = std::chrono::milliseconds{between(random, hold_min_ms, hold_max_ms)};
  f.gap_ms = std::chrono::milliseconds{between(random, gap_min_ms, gap_max_ms)};
  auto minutes = between(random, 1, clock_step_max_minutes);
  f.clock_step_minutes = random() % 2 == 0 ? minutes : -minutes;
  f.torn = random() % 2 == 0;
  return f;
}

} // namespace

const char* to_string(fault_kind kind) {
  switch (kind) {
    case fault_kind::partition_blackhole: return "partition_blackhole";
    case fault_kind::partition_reset: return "partition_reset";
    case fault_kind::one_way: return "one_way";
    case fault_kind::peer_delay: return "peer_delay";
    case fault_kind::isolate: return "isolate";
    case fault_kind::client_delay: return "client_delay";
    case fault_kind::client_reset: return "client_reset";
    case fault_kind::kill: return "kill";
    case fault_kind::pause: return "pause";
    case fault_kind::power_cut: return "power_cut";
    case fault_kind::clock_step: return "clock_step";
  }
  return "?";
}

std::string fault::describe() const {
  std::string out = to_string(kind);
  out += " node " + std::to_string(a.value());
  switch (kind) {
    case fault_kind::partition_blackhole:
    case fault_kind::partition_reset:
    case fault_kind::peer_delay:
      out += "-" + std::to_string(b.value());
      break;
    case fault_kind::one_way:
      out += " -> " + std::to_string(b.value()) + " stalled";
      break;
    case fault_kind::clock_step:
      out += " by " + std::to_string(clock_step_minutes) + " min";
      break;
    case fault_kind::power_cut:
      out += torn ? " (torn)" : " (drop)";
      break;
    default:
      break;
  }
  return out + " for " + std::to_string(hold_ms.count()) + " ms";
}

std::vector<fault> make_schedule(uint64_t seed, int nodes, int count) {
  std::mt19937_64 random{seed};
  std::vector<fault_kind> kinds;
  for (int k = 0; k < fault_kind_count; ++k)
    kinds.push_back(static_cast<fault_kind>(k));
  std::shuffle(kinds.begin(), kinds.end(), random);
  std::vector<fault> out;
  for (int i = 0; i < count; ++i) {
    auto kind = i < fault_kind_count ? kinds[static_cast<size_t>(i)]
                                     : static_cast<fault_kind>(random() % fault_kind_count);
    out.push_back(draw(random, kind, nodes));
  }
  return out;
}

} // namespace strom::testing::jepsen
