#pragma once
// A program on a pseudo-terminal, driven as a person would: keys in, screen
// text out.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace strom::testing {

class pty_session {
public:
  // `env` entries ("HOME=/tmp/x") are added to the child's environment.
  pty_session(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  ~pty_session();

  void type(const std::string& keys);
  // Reads until `text` appears in everything read since the last `clear`.
  bool wait_for(const std::string& text, std::chrono::milliseconds timeout);
  const std::string& output() const { return output_; }
  void clear() { output_.clear(); }
  // The exit status once the program ends, or -1 after `timeout`.
  int wait_exit(std::chrono::milliseconds timeout);

private:
  void pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int master_ = -1;
  std::string output_;
};

} // namespace strom::testing
