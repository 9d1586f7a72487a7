#pragma once
// Cuts the bytes of a connection into lines ('\n', with an optional '\r'
// before it, as telnet sends them). A line longer than line_bytes_max is
// reported once, as soon as it passes the limit, and its bytes are dropped
// up to its newline: the splitter never holds more than the limit of one
// unfinished line plus the complete lines not taken yet. Pure: no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strom {

struct input_line {
  std::string text; // without its line end
  bool too_long = false;
};

class line_splitter {
public:
  explicit line_splitter(size_t line_bytes_max) : line_bytes_max_(line_bytes_max) {}

  void feed(std::string_view bytes);
  // The next complete line (or the report of an over-long one), if any.
  std::optional<input_line> next();
  // True when next() would give a line now.
  bool has_line() const;
  // Bytes held: complete lines not taken and the unfinished one.
  size_t buffered_bytes() const { return buffer_.size() - start_; }

private:
  void compact();

  size_t line_bytes_max_;
  std::string buffer_;
  size_t start_ = 0;
  // Where to look for the next newline: the bytes before it have none.
  size_t scanned_ = 0;
  // An over-long line was reported; its bytes up to the newline are dropped.
  bool discarding_ = false;
};

} // namespace strom
