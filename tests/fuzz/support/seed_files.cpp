#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {

void require(bool holds, const char* what) {
  if (holds)
    return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

bool write_seeds(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return false;
  auto all = seeds();
  for (size_t i = 0; i < all.size(); ++i) {
    std::ofstream out(dir + "/seed-" + std::to_string(i), std::ios::binary);
    out << all[i];
    if (!out)
      return false;
  }
  return true;
}

std::string write_seeds_argument(std::string_view argument) {
  constexpr std::string_view flag = "--write-seeds=";
  if (argument.substr(0, flag.size()) != flag)
    return {};
  return std::string{argument.substr(flag.size())};
}

} // namespace strom::fuzz
