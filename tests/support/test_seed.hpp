#pragma once
// The seed of a randomized test: STROM_SEED when it is set, else a new one
// each run, so that every run tries new cases and a failing one can be run
// again exactly. A test that draws from it keeps a seed_trace in scope:
// GoogleTest then prints, with any failure, the seed and the command that
// reruns that test with it.
//
//   auto seed = strom::testing::test_seed();
//   strom::testing::seed_trace trace{seed};
//   std::mt19937_64 random(seed);

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace strom::testing {

inline uint64_t test_seed() {
  if (const char* text = std::getenv("STROM_SEED"); text != nullptr && *text != '\0') {
    char* end = nullptr;
    auto value = std::strtoull(text, &end, 10);
    if (end != nullptr && *end == '\0')
      return value;
    ADD_FAILURE() << "STROM_SEED must be a decimal number, not '" << text << "'";
  }
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) | device();
}

// The command that runs the current test again with `seed`.
inline std::string rerun_command(uint64_t seed) {
  char path[4096] = {};
  auto length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  std::string binary = length > 0 ? std::string(path, static_cast<size_t>(length)) : "<test>";
  std::string filter = "*";
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info())
    filter = std::string{info->test_suite_name()} + "." + info->name();
  return "STROM_SEED=" + std::to_string(seed) + " " + binary + " --gtest_filter='" + filter + "'";
}

// While in scope, every failure of the test says its seed and how to rerun it.
class seed_trace {
public:
  explicit seed_trace(uint64_t seed)
    : trace_(__FILE__, __LINE__, "seed " + std::to_string(seed) + "; rerun: "
                                   + rerun_command(seed)) {}

private:
  ::testing::ScopedTrace trace_;
};

} // namespace strom::testing
