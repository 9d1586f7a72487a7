#pragma once
// Watches the launcher's node processes: relays their output line by line,
// each naming its node (log_line.hpp's relayed_line), forwards SIGINT and
// SIGTERM, and says which node died when one dies unexpectedly. Signals arrive through a signalfd, so the loop is one
// poll() over signals, child pipes and a stop request from another thread.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "launcher/child_process.hpp"
#include "launcher/log_line.hpp"

namespace strom {

struct supervisor_options {
  // When a node dies unexpectedly: stop the others (plain launch) or keep
  // them running for the person at the console.
  bool stop_all_on_failure = true;
  // SIGINT is the console's to ignore when the console has the terminal.
  bool ignore_sigint = false;
  std::chrono::milliseconds stop_grace_ms{10000};
  // The nodes' format, so that a line that does not name its node is made to.
  log_format format = log_format::text;
};

class node_supervisor {
public:
  using line_sink = std::function<void(const std::string&)>;

  // `say` prints the supervisor's own lines, `relay` the nodes' lines.
  node_supervisor(std::vector<child_process> children, supervisor_options options,
                  line_sink say, line_sink relay);
  ~node_supervisor();

  // Runs until every child has exited; returns the launcher's exit status.
  // `signal_fd` is a signalfd for SIGINT, SIGTERM and SIGCHLD.
  int run(int signal_fd);
  // Thread-safe: asks run() to stop every node.
  void request_stop();

private:
  void begin_stop(const std::string& why);
  void on_signal(int signal_fd);
  void reap();
  void relay(const child_process& child, const std::string& line);
  void drain(child_process& child, bool final);
  bool all_exited() const;
  void kill_stragglers();

  std::vector<child_process> children_;
  supervisor_options options_;
  line_sink say_;
  line_sink relay_;
  int stop_fd_ = -1;
  bool stopping_ = false;
  bool failed_ = false;
  std::chrono::steady_clock::time_point stop_deadline_;
};

} // namespace strom
