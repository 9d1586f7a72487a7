#include "launcher/words.hpp"

namespace strom {

result<std::vector<std::string>> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && quote != '\'' && i + 1 < line.size()) {
      current += line[++i];
      in_word = true;
    } else if (quote != 0) {
      if (c == quote)
        quote = 0;
      else
        current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word)
        words.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      current += c;
      in_word = true;
    }
  }
  if (quote != 0)
    return error{errc::bad_request, std::string{"unterminated "} + quote + " quote"};
  if (in_word)
    words.push_back(std::move(current));
  return words;
}

} // namespace strom
