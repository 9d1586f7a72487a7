// Linked into the libFuzzer binaries only (build-fuzz): libFuzzer owns main(),
// so `<name>_fuzz --write-seeds=DIR` is answered here, before libFuzzer reads
// its flags, and the Makefile gets each harness's seed corpus from the
// harness itself.

#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/support/fuzz_target.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  for (int i = 1; i < *argc; ++i) {
    auto dir = strom::fuzz::write_seeds_argument((*argv)[i]);
    if (dir.empty())
      continue;
    if (!strom::fuzz::write_seeds(dir)) {
      std::fprintf(stderr, "cannot write the seeds into %s\n", dir.c_str());
      std::exit(1);
    }
    std::exit(0);
  }
  return 0;
}
