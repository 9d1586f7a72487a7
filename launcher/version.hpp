#pragma once
// Which strom this is: CMake's project() version, and the git commit the
// tree was at when it was configured (none in a tree without git).

#include <string>

namespace strom {

// "strom 0.1.0 (commit abcdef1)", or "strom 0.1.0" without a commit.
std::string version_text();

} // namespace strom
