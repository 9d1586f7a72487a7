// strom-storage-bench [SCRATCH_DIR [CASE_MS [ROUNDS [ENTRY_BYTES [GROUPS [FSYNC [ENTRIES_PER_REQUEST]]]]]]]:
// the storage benchmark alone, so storage work can measure itself without
// building the whole launcher (`strom bench storage` runs the same cases).
// ENTRY_BYTES and GROUPS are comma-separated lists; FSYNC is always or never;
// ENTRIES_PER_REQUEST is the entries of each group's one request in flight.

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "storage/bench/storage_bench.hpp"

namespace {

template <class T>
std::vector<T> parse_list(const std::string& text) {
  std::vector<T> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(static_cast<T>(std::strtoull(item.c_str(), nullptr, 10)));
  return out;
}

} // namespace

int main(int argc, char** argv) {
  strom::storage::bench_options options;
  if (argc > 1)
    options.scratch_dir = argv[1];
  if (argc > 2)
    options.case_duration_ms = static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10));
  if (argc > 3)
    options.rounds = std::atoi(argv[3]);
  if (argc > 4)
    options.entry_bytes = parse_list<uint64_t>(argv[4]);
  if (argc > 5)
    options.groups = parse_list<int>(argv[5]);
  if (argc > 6)
    options.policies = {std::string(argv[6]) == "never" ? strom::storage::fsync_policy::never
                                                         : strom::storage::fsync_policy::always};
  if (argc > 7)
    options.entries_per_request = std::atoi(argv[7]);
  try {
    strom::storage::run_storage_bench(options, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
