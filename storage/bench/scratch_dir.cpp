#include "storage/bench/scratch_dir.hpp"

#include <ftw.h>
#include <stdlib.h>

#include <cstdio>
#include <stdexcept>

namespace strom::storage {

std::string make_scratch(const std::string& parent) {
  std::string pattern = parent + "/strom-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot create a scratch dir under " + parent);
  return pattern;
}

void remove_tree(const std::string& path) {
  ::nftw(
    path.c_str(), [](const char* p, const struct stat*, int, struct FTW*) { return ::remove(p); },
    16, FTW_DEPTH | FTW_PHYS);
}

} // namespace strom::storage
