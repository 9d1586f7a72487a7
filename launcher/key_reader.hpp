#pragma once
// Single keys from stdin for a view that refreshes in place (`watch`): on a
// terminal, non-canonical and without echo while it lives (restored after,
// whatever ends it), so that a key needs no Enter. Off a terminal, bytes as
// they come and the end of input.

#include <chrono>
#include <optional>

#include <termios.h>

namespace strom {

class key_reader {
public:
  key_reader();
  ~key_reader();
  key_reader(const key_reader&) = delete;
  key_reader& operator=(const key_reader&) = delete;

  enum class event { none, key, end };
  struct pressed {
    event what = event::none;
    char key = 0;
  };
  // The next key within `timeout_ms`, none when none came, or the end of
  // input (once: after it, each wait lasts its timeout).
  pressed wait(std::chrono::milliseconds timeout_ms);

private:
  std::optional<termios> saved_;
  bool ended_ = false;
};

} // namespace strom
