// strom-storage-bench [SCRATCH_DIR [CASE_MS]]: the storage benchmark alone, so
// storage work can measure itself without building the whole launcher
// (`strom bench storage` runs the same cases with more options).

#include <cstdlib>
#include <iostream>

#include "storage/bench/storage_bench.hpp"

int main(int argc, char** argv) {
  strom::storage::bench_options options;
  if (argc > 1)
    options.scratch_dir = argv[1];
  if (argc > 2)
    options.case_duration_ms = static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10));
  try {
    strom::storage::run_storage_bench(options, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
