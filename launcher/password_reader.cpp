#include "launcher/password_reader.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace strom {

namespace {

// Echo off while it lives, restored after whatever ends the read.
class echo_off {
public:
  echo_off() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0)
      return;
    auto quiet = saved_;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~echo_off() {
    if (active_)
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  echo_off(const echo_off&) = delete;
  echo_off& operator=(const echo_off&) = delete;

private:
  termios saved_{};
  bool active_ = false;
};

} // namespace

std::optional<std::string> read_password(const std::string& prompt, std::ostream& out) {
  std::string line;
  if (isatty(STDIN_FILENO)) {
    out << prompt << std::flush;
    echo_off quiet;
    std::getline(std::cin, line);
    out << "\n";
  } else {
    std::getline(std::cin, line);
  }
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  if (line.empty())
    return std::nullopt;
  return line;
}

} // namespace strom
