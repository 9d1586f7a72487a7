#pragma once
// The console's commands, apart from any terminal: a line in, text out, an
// exit status back. The interactive loop and `-e` both drive this. Each
// command beyond help and quit lives in its own console_*.cpp file.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "net/client/admin_client.hpp"

namespace strom {

// What every command writes to and asks.
struct console_context {
  admin_client& client;
  std::ostream& out;
  std::ostream& err;
  // Answers as JSON (one document per command) instead of text tables:
  // `strom topic ... --json`, `strom console -e ... --json`.
  bool json = false;
};

// Given a command's words before the cursor's word (not its own name), the
// candidates for that word.
using console_completer =
  std::function<std::vector<std::string>(const std::vector<std::string>&)>;

struct console_command {
  std::string name;
  std::string arguments; // as in the usage line: "[COMMAND]"
  std::string summary;
  std::function<int(const std::vector<std::string>&)> run;
  console_completer complete; // empty: nothing to offer
  std::string details;        // more lines for `help NAME` (subcommands, options)
};

// "NAME: problem (usage: NAME ARGUMENTS)" on err; returns the usage status.
int report_usage_problem(std::ostream& err, const std::string& name,
                         const std::string& arguments, const std::string& problem);
// One line on err ("topic_exists: topic orders"); returns the exit status
// that the error means (unreachable, or failure).
int report_failure(std::ostream& err, const caf::error& failure);

class console_session {
public:
  console_session(admin_client& client, std::ostream& out, std::ostream& err,
                  bool json = false);
  // The commands hold references into the session.
  console_session(const console_session&) = delete;
  console_session& operator=(const console_session&) = delete;

  // Runs one line; returns its exit status. Empty lines succeed.
  int execute(const std::string& line);
  // Runs one command given as words (its name first), as the one-shot
  // commands do with their arguments.
  int execute(const std::vector<std::string>& words);
  // True once `quit` ran.
  bool finished() const { return finished_; }
  // Names for tab completion.
  std::vector<std::string> command_names() const;
  // Tab completion: the candidates for the word after `before`.
  std::vector<std::string> complete(const std::vector<std::string>& before) const;

private:
  int help(const std::vector<std::string>& args);
  int fail_usage(const console_command& cmd, const std::string& problem);
  const console_command* find(const std::string& name) const;

  console_context context_;
  std::vector<console_command> commands_;
  bool finished_ = false;
};

} // namespace strom
