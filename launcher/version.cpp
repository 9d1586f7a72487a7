#include "launcher/version.hpp"

// Written at configure time from version_values.hpp.in (cmake/git_commit.cmake).
#include "launcher/version_values.hpp"

namespace strom {

std::string version_text() {
  std::string commit = STROM_GIT_COMMIT;
  return std::string{"strom "} + STROM_VERSION + (commit.empty() ? "" : " (commit " + commit + ")");
}

} // namespace strom
