#include "tests/power_fs/power_mount.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "tests/support/process.hpp"

namespace strom::testing {

namespace {

constexpr int answer_wait_ms = 10'000;
constexpr std::chrono::milliseconds exit_wait_ms{10'000};

void require_fuse() {
  struct stat info {};
  std::string why;
  if (::stat("/dev/fuse", &info) != 0 || ::access("/dev/fuse", R_OK | W_OK) != 0)
    why = std::strerror(errno);
  else if (!S_ISCHR(info.st_mode))
    why = "not a character device";
  if (!why.empty())
    throw std::runtime_error(
      "this test needs FUSE and cannot run here: /dev/fuse: " + why +
      " (run as root on a machine with the fuse module; in a container: --device /dev/fuse "
      "--cap-add SYS_ADMIN; package fuse3)");
}

void write_all(int fd, const std::string& text) {
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throw std::runtime_error("strom-power-fs control: " + std::string{std::strerror(errno)});
}

} // namespace

const char* to_string(power_cut mode) { return mode == power_cut::drop ? "drop" : "torn"; }

power_mount::power_mount(std::string platter_dir, std::string mountpoint, uint64_t seed)
  : platter_dir_(std::move(platter_dir)), mountpoint_(std::move(mountpoint)) {
  require_fuse();
  std::filesystem::create_directories(platter_dir_);
  std::filesystem::create_directories(mountpoint_);
  mount(seed);
}

power_mount::~power_mount() {
  if (pid_ < 0)
    return;
  ::close(control_); // end of input: flush, unmount, exit
  if (!wait_exit(pid_, exit_wait_ms)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    ::umount2(mountpoint_.c_str(), MNT_DETACH);
  }
  ::close(answers_);
}

void power_mount::mount(uint64_t seed) {
  int in[2], out[2];
  // Close-on-exec: a process the test starts later must not hold the
  // daemon's stdin open, or closing it would not stop the daemon.
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    for (int fd : {in[0], in[1], out[0], out[1]})
      ::close(fd);
    auto seed_text = std::to_string(seed);
    ::execl(STROM_POWER_FS, STROM_POWER_FS, platter_dir_.c_str(), mountpoint_.c_str(),
            seed_text.c_str(), nullptr);
    std::_Exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  pid_ = pid;
  control_ = in[1];
  answers_ = out[0];
  auto line = read_line();
  if (line != "ready")
    throw std::runtime_error("strom-power-fs did not mount " + mountpoint_ + " (its stderr says "
                             "why): '" + line + "'");
}

void power_mount::cut(power_cut mode) {
  write_all(control_, std::string{"cut "} + to_string(mode) + "\n");
  if (!wait_exit(pid_, exit_wait_ms))
    throw std::runtime_error("strom-power-fs did not stop at a power cut");
  ::close(control_);
  ::close(answers_);
  pid_ = -1;
  // The dead mount answers ENOTCONN until it is detached.
  if (::umount2(mountpoint_.c_str(), MNT_DETACH) != 0)
    throw std::runtime_error("umount " + mountpoint_ + ": " + std::strerror(errno));
}

void power_mount::command(const std::string& line) {
  write_all(control_, line + "\n");
  auto answer = read_line();
  if (answer != "ok")
    throw std::runtime_error("strom-power-fs: " + line + ": " + answer);
}

std::string power_mount::read_line() {
  std::string line;
  char c = 0;
  for (;;) {
    pollfd p{answers_, POLLIN, 0};
    if (::poll(&p, 1, answer_wait_ms) <= 0 || ::read(answers_, &c, 1) != 1)
      return line + " (no answer)";
    if (c == '\n')
      return line;
    line += c;
  }
}

} // namespace strom::testing
