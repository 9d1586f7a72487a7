#pragma once
// Child processes for integration tests: started by pid, stopped by pid, with
// their output in files that a failing test can print.

#include <netinet/in.h>
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strom::testing {

// Starts argv with stdout and stderr appended to `log_file`; returns the pid.
pid_t spawn_process(const std::vector<std::string>& argv, const std::string& log_file);

// The wait status once the process has exited, or nothing after `timeout`.
std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout);

struct run_result {
  int exit_status = -1; // -1 when it did not exit in time (then it was killed)
  std::string out;
  std::string err;
};

// Runs a command to completion with `input` on its stdin.
run_result run_command(const std::vector<std::string>& argv, const std::string& input = "",
                       std::chrono::milliseconds timeout = std::chrono::seconds{30});

std::string read_file(const std::string& path);

// A loopback port nobody listens on right now.
uint16_t free_port();
// A free port that none of `taken` holds; it is added to `taken`.
uint16_t another_free_port(std::set<uint16_t>& taken);
// 127.0.0.1:port, for bind() and connect().
sockaddr_in loopback_address(uint16_t port);

// True when something accepts TCP connections on 127.0.0.1:port.
bool port_accepts(uint16_t port);

// A fresh directory under /tmp, removed by the caller.
std::string make_temp_dir(const std::string& prefix);

} // namespace strom::testing
