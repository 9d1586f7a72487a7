#include "launcher/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace strom {

namespace {

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void become_child(const std::vector<char*>& argv, int out_fd) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  dup2(out_fd, STDOUT_FILENO);
  dup2(out_fd, STDERR_FILENO);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0)
    dup2(devnull, STDIN_FILENO);
  execv(argv[0], argv.data());
  _exit(127);
}

} // namespace

result<child_process> spawn_child(node_id id, const std::vector<std::string>& argv,
                                  const std::string& log_file) {
  int fds[2] = {-1, -1};
  if (log_file.empty()) {
    if (pipe2(fds, O_CLOEXEC) != 0)
      return error{errc::storage_io, std::string{"pipe: "} + std::strerror(errno)};
    // The supervisor reads until EAGAIN; it must never block on one node.
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
  } else {
    fds[1] = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fds[1] < 0)
      return error{errc::storage_io, log_file + ": " + std::strerror(errno)};
  }
  std::vector<char*> cargv;
  for (const auto& a : argv)
    cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0)
    return error{errc::storage_io, std::string{"fork: "} + std::strerror(errno)};
  if (pid == 0)
    become_child(cargv, fds[1]);
  close(fds[1]);
  child_process child;
  child.id = id;
  child.pid = pid;
  child.output_fd = fds[0];
  return child;
}

std::string describe_wait_status(int wait_status) {
  if (WIFEXITED(wait_status))
    return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    auto sig = WTERMSIG(wait_status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "stopped";
}

} // namespace strom
