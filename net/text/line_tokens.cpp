#include "net/text/line_tokens.hpp"

#include <cstdio>

namespace strom {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

std::string hex_byte(unsigned char c) {
  char out[5];
  std::snprintf(out, sizeof out, "0x%02x", c);
  return out;
}

strom::error bad(std::string message, size_t index) {
  return {errc::bad_request, message + " at column " + std::to_string(index + 1)};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// Reads the escape at line[i] (just after the backslash) into `out`;
// the index of its last byte, or an error.
result<size_t> unescape(std::string_view line, size_t i, std::string& out) {
  if (i >= line.size())
    return bad("unterminated quote", i);
  switch (line[i]) {
    case '"': out += '"'; return i;
    case '\\': out += '\\'; return i;
    case 'n': out += '\n'; return i;
    case 'r': out += '\r'; return i;
    case 't': out += '\t'; return i;
    case '0': out += '\0'; return i;
    case 'x': {
      int high = i + 1 < line.size() ? hex_value(line[i + 1]) : -1;
      int low = i + 2 < line.size() ? hex_value(line[i + 2]) : -1;
      if (high < 0 || low < 0)
        return bad("\\x needs two hex digits", i);
      out += static_cast<char>(high * 16 + low);
      return i + 2;
    }
    default: return bad(std::string{"unknown escape \\"} + line[i], i);
  }
}

// The quoted part starting at line[i] (the opening quote); the index just
// past the closing quote, or an error.
result<size_t> read_quoted(std::string_view line, size_t i, std::string& out) {
  for (++i; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == '"')
      return i + 1;
    if (c == '\\') {
      auto last = unescape(line, i + 1, out);
      if (!last)
        return last.error();
      i = *last;
    } else if (is_control(c)) {
      return bad("control byte " + hex_byte(c) + " inside quotes (escape it)", i);
    } else {
      out += line[i];
    }
  }
  return bad("unterminated quote", i);
}

// The word starting at line[i]; the index just past it, or an error.
result<size_t> read_word(std::string_view line, size_t i, line_word& word) {
  word.column = i + 1;
  for (; i < line.size() && !is_blank(line[i]); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == '"') {
      word.quoted.emplace();
      auto end = read_quoted(line, i, *word.quoted);
      if (!end)
        return end.error();
      if (*end < line.size() && !is_blank(line[*end]))
        return bad("a space must follow the closing quote", *end);
      return *end;
    }
    if (is_control(c))
      return bad("control byte " + hex_byte(c), i);
    word.bare += line[i];
  }
  return i;
}

} // namespace

result<std::vector<line_word>> split_words(std::string_view line) {
  std::vector<line_word> words;
  size_t i = 0;
  for (;;) {
    while (i < line.size() && is_blank(line[i]))
      ++i;
    if (i == line.size())
      return words;
    line_word word;
    auto end = read_word(line, i, word);
    if (!end)
      return end.error();
    words.push_back(std::move(word));
    i = *end;
  }
}

std::string quote(std::string_view bytes) {
  std::string out = "\"";
  for (char c : bytes) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (is_control(static_cast<unsigned char>(c)))
          out += "\\x" + hex_byte(static_cast<unsigned char>(c)).substr(2);
        else
          out += c;
    }
  }
  return out + "\"";
}

} // namespace strom
