#pragma once
// Splits a console line into words: blanks separate, "double" and 'single'
// quotes keep blanks, a backslash escapes the next character.

#include <string>
#include <vector>

#include "messages/result.hpp"

namespace strom {

result<std::vector<std::string>> split_words(const std::string& line);

} // namespace strom
