#pragma once
// The web console every node serves at `/`: one page, its script and style
// inline, nothing fetched from anywhere but the node itself (console.html,
// built into the binary by net/CMakeLists.txt).

#include <string>

namespace strom {

const std::string& console_page();

} // namespace strom
