#include "tests/integration/support/pty_session.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "tests/support/process.hpp"

namespace strom::testing {

pty_session::pty_session(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env) {
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  winsize size{40, 120, 0, 0};
  pid_ = forkpty(&master_, nullptr, nullptr, &size);
  if (pid_ < 0)
    throw std::runtime_error("forkpty failed");
  if (pid_ == 0) {
    for (const auto& e : env)
      putenv(const_cast<char*>(e.c_str()));
    execv(args[0], args.data());
    _exit(127);
  }
}

pty_session::~pty_session() {
  if (pid_ > 0 && testing::wait_exit(pid_, std::chrono::milliseconds{0}) == std::nullopt) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  close(master_);
}

void pty_session::type(const std::string& keys) {
  [[maybe_unused]] auto n = write(master_, keys.data(), keys.size());
}

void pty_session::pump(std::chrono::milliseconds timeout) {
  pollfd fd{master_, POLLIN, 0};
  if (poll(&fd, 1, static_cast<int>(timeout.count())) <= 0)
    return;
  char buffer[4096];
  auto n = read(master_, buffer, sizeof buffer);
  if (n > 0)
    output_.append(buffer, static_cast<size_t>(n));
}

bool pty_session::wait_for(const std::string& text, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (output_.find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    pump(std::chrono::milliseconds{50});
  }
  return true;
}

int pty_session::wait_exit(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    pump(std::chrono::milliseconds{20});
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
  }
  return -1;
}

} // namespace strom::testing
