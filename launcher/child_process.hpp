#pragma once
// A `strom node` child of the launcher: started in its own process group (so
// that a terminal's Ctrl-C reaches only the launcher, which forwards it), with
// its output on a pipe or in a log file, and told to stop if the launcher dies.

#include <sys/types.h>

#include <string>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

struct child_process {
  node_id id;
  pid_t pid = -1;
  int output_fd = -1; // read end of stdout+stderr, -1 when they go to a file
  std::string partial_line;
  bool exited = false;
  int wait_status = 0;
};

// With an empty `log_file` the child's output comes back on output_fd.
result<child_process> spawn_child(node_id id, const std::vector<std::string>& argv,
                                  const std::string& log_file);

// "exited with status 3", "killed by signal 9".
std::string describe_wait_status(int wait_status);

} // namespace strom
