#pragma once
// The words of a command line and the quoting of values, shared by the
// parser (what comes in) and the record lines (what goes out), so that a
// record line can be read back with the same rules.
//
// Words are separated by spaces or tabs. A word is bare (`orders`), quoted
// (`"hello world"`) or a bare prefix glued to a quoted part (`key="a b"`).
// Inside quotes: \" \\ \n \r \t \0 and \xHH (two hex digits); any other
// byte below 0x20, and 0x7f, must be escaped. Bytes from 0x80 up pass as
// they are (UTF-8). Outside quotes only printable bytes are allowed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace strom {

struct line_word {
  std::string bare;                  // the part before any quote
  std::optional<std::string> quoted; // unescaped, when the word has quotes
  size_t column = 0;                 // 1-based, where the word starts
};

result<std::vector<line_word>> split_words(std::string_view line);

// `bytes` in double quotes, escaped so that split_words gives them back.
std::string quote(std::string_view bytes);

} // namespace strom
