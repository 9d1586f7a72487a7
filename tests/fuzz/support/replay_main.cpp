// The regression test of a harness in the normal build (no libFuzzer): feeds
// it its seeds, then every file named on the command line or inside a
// directory named there (tests/fuzz/regressions/<name>/). A crash, a
// sanitizer report or a failed check ends the process: the test fails.
//
//   <name>_fuzz_replay [--write-seeds=DIR] [file or dir ...]

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/support/fuzz_target.hpp"

namespace {

namespace fs = std::filesystem;

void feed(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The files of `path` (itself, or a directory's regular files), in name order
// so that a failure names the same file every run.
std::vector<fs::path> inputs_of(const fs::path& path) {
  if (!fs::is_directory(path))
    return {path};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(path))
    if (entry.is_regular_file())
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

int main(int argc, char** argv) {
  size_t fed = 0;
  for (const auto& seed : strom::fuzz::seeds()) {
    feed(seed);
    ++fed;
  }
  for (int i = 1; i < argc; ++i) {
    if (auto dir = strom::fuzz::write_seeds_argument(argv[i]); !dir.empty()) {
      if (!strom::fuzz::write_seeds(dir))
        return 1;
      continue;
    }
    if (!fs::exists(argv[i]))
      continue; // a harness with no regressions yet has no folder
    for (const auto& file : inputs_of(argv[i])) {
      std::fprintf(stderr, "replaying %s\n", file.c_str());
      feed(read_file(file));
      ++fed;
    }
  }
  std::printf("%zu inputs replayed without a finding\n", fed);
  return 0;
}
