#include "launcher/start_offset.hpp"

#include <algorithm>

#include "launcher/command_line.hpp"

namespace strom {

std::optional<start_offset> parse_start_offset(const std::string& text) {
  using kind = start_offset::kind;
  if (text == "beginning")
    return start_offset{kind::beginning, 0};
  if (text == "end")
    return start_offset{kind::end, 0};
  if (text == "stored")
    return start_offset{kind::stored, 0};
  if (text.rfind("s@", 0) == 0) {
    auto ms = parse_integer(text.substr(2));
    if (!ms || *ms < 0)
      return std::nullopt;
    return start_offset{kind::timestamp, *ms};
  }
  auto n = parse_integer(text);
  if (!n || text[0] == '+')
    return std::nullopt;
  if (text[0] == '-')
    return *n == 0 ? std::nullopt : std::optional<start_offset>{{kind::from_end, -*n}};
  return start_offset{kind::absolute, *n};
}

int64_t from_end_offset(int64_t log_start, int64_t log_end, int64_t distance) {
  return std::max(log_start, log_end - distance);
}

} // namespace strom
