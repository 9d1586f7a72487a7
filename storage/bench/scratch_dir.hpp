#pragma once
// Fresh scratch directories for the benchmark's cases, removed afterwards.

#include <string>

namespace strom::storage {

// A new directory under `parent`; throws std::runtime_error if it cannot.
std::string make_scratch(const std::string& parent);
// Removes `path` and everything under it.
void remove_tree(const std::string& path);

} // namespace strom::storage
