#include "launcher/node_supervisor.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "launcher/exit_codes.hpp"

namespace strom {

namespace {

constexpr int poll_interval_ms = 200;
constexpr size_t read_chunk_bytes = 4096;

} // namespace

node_supervisor::node_supervisor(std::vector<child_process> children,
                                 supervisor_options options, line_sink say, line_sink relay)
    : children_(std::move(children)), options_(options), say_(std::move(say)),
      relay_(std::move(relay)),
      stop_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

node_supervisor::~node_supervisor() {
  if (stop_fd_ >= 0)
    close(stop_fd_);
  for (auto& c : children_)
    if (c.output_fd >= 0)
      close(c.output_fd);
}

void node_supervisor::request_stop() {
  uint64_t one = 1;
  [[maybe_unused]] auto n = write(stop_fd_, &one, sizeof one);
}

void node_supervisor::begin_stop(const std::string& why) {
  if (stopping_)
    return;
  stopping_ = true;
  stop_deadline_ = std::chrono::steady_clock::now() + options_.stop_grace_ms;
  say_("stopping every node (" + why + ")");
  for (auto& c : children_)
    if (!c.exited)
      kill(c.pid, SIGTERM);
}

void node_supervisor::on_signal(int signal_fd) {
  signalfd_siginfo info{};
  while (read(signal_fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    if (info.ssi_signo == SIGCHLD)
      continue; // reap() runs after every wake-up
    if (info.ssi_signo == SIGINT && options_.ignore_sigint)
      continue;
    begin_stop(info.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
  }
}

void node_supervisor::reap() {
  int status = 0;
  pid_t pid = 0;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (auto& c : children_) {
      if (c.pid != pid)
        continue;
      c.exited = true;
      c.wait_status = status;
      bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (stopping_ && clean)
        continue;
      failed_ = true;
      say_("node " + std::to_string(c.id.value()) + " (pid " + std::to_string(pid) + ") " +
             describe_wait_status(status) + (stopping_ ? " while stopping" : " unexpectedly"));
      if (options_.stop_all_on_failure)
        begin_stop("node " + std::to_string(c.id.value()) + " died");
    }
  }
}

void node_supervisor::relay(const child_process& child, const std::string& line) {
  relay_(relayed_line(child.id, line, options_.format, std::chrono::system_clock::now()));
}

void node_supervisor::drain(child_process& child, bool final) {
  char buffer[read_chunk_bytes];
  for (;;) {
    auto n = read(child.output_fd, buffer, sizeof buffer);
    if (n <= 0) {
      if (n == 0 || final) {
        if (!child.partial_line.empty())
          relay(child, child.partial_line);
        child.partial_line.clear();
        close(child.output_fd);
        child.output_fd = -1;
      }
      return;
    }
    child.partial_line.append(buffer, static_cast<size_t>(n));
    size_t start = 0;
    for (auto nl = child.partial_line.find('\n'); nl != std::string::npos;
         nl = child.partial_line.find('\n', start)) {
      relay(child, child.partial_line.substr(start, nl - start));
      start = nl + 1;
    }
    child.partial_line.erase(0, start);
    if (static_cast<size_t>(n) < sizeof buffer)
      return;
  }
}

bool node_supervisor::all_exited() const {
  for (const auto& c : children_)
    if (!c.exited || c.output_fd >= 0)
      return false;
  return true;
}

void node_supervisor::kill_stragglers() {
  if (!stopping_ || std::chrono::steady_clock::now() < stop_deadline_)
    return;
  for (auto& c : children_)
    if (!c.exited) {
      say_("node " + std::to_string(c.id.value()) + " did not stop in time; killing it");
      kill(c.pid, SIGKILL);
    }
  stop_deadline_ = std::chrono::steady_clock::now() + options_.stop_grace_ms;
}

int node_supervisor::run(int signal_fd) {
  while (!all_exited()) {
    std::vector<pollfd> fds{{signal_fd, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    std::vector<child_process*> readers;
    for (auto& c : children_)
      if (c.output_fd >= 0) {
        fds.push_back({c.output_fd, POLLIN, 0});
        readers.push_back(&c);
      }
    poll(fds.data(), fds.size(), poll_interval_ms);
    if (fds[0].revents & POLLIN)
      on_signal(signal_fd);
    if (fds[1].revents & POLLIN)
      begin_stop("asked to");
    for (size_t i = 0; i < readers.size(); ++i)
      if (fds[i + 2].revents & (POLLIN | POLLHUP | POLLERR))
        drain(*readers[i], false);
    reap();
    kill_stragglers();
  }
  return failed_ ? exit_code::failure : exit_code::ok;
}

} // namespace strom
