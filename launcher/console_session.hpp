#pragma once
// The console's commands, apart from any terminal: a line in, text out, an
// exit status back. The interactive loop and `-e` both drive this.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "net/client/admin_client.hpp"

namespace strom {

struct console_command {
  std::string name;
  std::string arguments; // as in the usage line: "[COMMAND]"
  std::string summary;
  std::function<int(const std::vector<std::string>&)> run;
};

class console_session {
public:
  console_session(admin_client& client, std::ostream& out, std::ostream& err);

  // Runs one line; returns its exit status. Empty lines succeed.
  int execute(const std::string& line);
  // True once `quit` ran.
  bool finished() const { return finished_; }
  // Names for tab completion.
  std::vector<std::string> command_names() const;

private:
  int help(const std::vector<std::string>& args);
  int cluster(const std::vector<std::string>& args);
  int fail_usage(const console_command& cmd, const std::string& problem);
  const console_command* find(const std::string& name) const;

  admin_client& client_;
  std::ostream& out_;
  std::ostream& err_;
  std::vector<console_command> commands_;
  bool finished_ = false;
};

} // namespace strom
