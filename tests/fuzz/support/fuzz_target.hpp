#pragma once
// What every harness (tests/fuzz/<name>_fuzz.cpp) defines: libFuzzer's entry
// point, fed one input at a time, and its seeds, small valid inputs made by
// strom's own encoders that the fuzzer starts from and the replay test feeds
// again on every run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace strom::fuzz {

std::vector<std::string> seeds();

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A check of the harness itself (a round trip that differs): prints what
// and aborts, which libFuzzer and the replay test both take for a crash.
void require(bool holds, const char* what);

// Writes seeds() into `dir`, one file per seed (seed-0, seed-1, ...).
bool write_seeds(const std::string& dir);

// The directory of "--write-seeds=DIR", or empty for any other argument.
std::string write_seeds_argument(std::string_view argument);

} // namespace strom::fuzz
