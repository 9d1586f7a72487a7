#include "launcher/manifest_loader.hpp"

#include <iostream>

namespace strom {

std::optional<manifest> load_manifest_or_report(const std::string& path) {
  auto outcome = parse_manifest_file(path);
  for (const auto& e : outcome.errors)
    std::cerr << e.to_string() << "\n";
  if (!outcome)
    std::cerr << "strom: invalid manifest " << path << " (" << outcome.errors.size()
              << (outcome.errors.size() == 1 ? " error)" : " errors)") << "; nothing started\n";
  return std::move(outcome.value);
}

} // namespace strom
