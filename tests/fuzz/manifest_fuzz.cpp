// The cluster manifest as every strom command reads it from disk
// (launcher/manifest.hpp): any text gives a manifest or errors naming file,
// line and field, never a crash (yaml-cpp's exceptions included).

#include <fstream>
#include <iterator>

#include "launcher/manifest.hpp"
#include "tests/fuzz/support/fuzz_target.hpp"

namespace strom::fuzz {

// The shipped manifests, and one in flow style with every default set.
std::vector<std::string> seeds() {
  std::vector<std::string> out;
  for (const char* file :
       {"/deploy/local.yaml", "/deploy/local-secure.yaml", "/deploy/three-hosts.yaml"}) {
    std::ifstream in{std::string{STROM_SOURCE_DIR} + file};
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  out.push_back("cluster: c\n"
                "nodes: [{id: 0, host: h, port: 1, data_dir: /d, controller: true}]\n"
                "defaults: {partitions: 2, replication_factor: 1, fsync: interval,\n"
                "  fsync_interval_ms: 5, map_size_bytes: 1048576,\n"
                "  retention: {bytes: 10, ms: -1}}\n");
  return out;
}

} // namespace strom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = std::string{strom::fuzz::as_text(data, size)};
  auto outcome = strom::parse_manifest_text(text, "/fuzz/manifest.yaml");
  strom::fuzz::require(outcome.value.has_value() == outcome.errors.empty(),
                       "a manifest is accepted, or refused with its errors");
  for (const auto& e : outcome.errors)
    (void)e.to_string();
  return 0;
}
