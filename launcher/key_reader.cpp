#include "launcher/key_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <thread>

namespace strom {

key_reader::key_reader() {
  termios now{};
  if (::isatty(STDIN_FILENO) == 0 || ::tcgetattr(STDIN_FILENO, &now) != 0)
    return;
  saved_ = now;
  // ISIG off too: Ctrl-C arrives as a key that ends the view, not a signal.
  now.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG));
  now.c_cc[VMIN] = 1;
  now.c_cc[VTIME] = 0;
  ::tcsetattr(STDIN_FILENO, TCSANOW, &now);
}

key_reader::~key_reader() {
  if (saved_)
    ::tcsetattr(STDIN_FILENO, TCSANOW, &*saved_);
}

key_reader::pressed key_reader::wait(std::chrono::milliseconds timeout_ms) {
  if (ended_) {
    std::this_thread::sleep_for(timeout_ms);
    return {};
  }
  pollfd in{STDIN_FILENO, POLLIN, 0};
  int ready = ::poll(&in, 1, static_cast<int>(timeout_ms.count()));
  if (ready <= 0)
    return {};
  char key = 0;
  auto got = ::read(STDIN_FILENO, &key, 1);
  if (got <= 0) {
    ended_ = true;
    return {event::end, 0};
  }
  return {event::key, key};
}

} // namespace strom
