#include "launcher/line_editor.hpp"

#include <cstdlib>
#include <cstring>

#include <editline/readline.h>

#include "launcher/words.hpp"

namespace strom {

namespace {

constexpr int history_lines_max = 1000;

// libedit calls plain C functions, so the live completer sits here.
line_editor::completer* active_completer = nullptr;
std::vector<std::string> candidates;

char* next_candidate(const char* text, int state) {
  static size_t next = 0;
  if (state == 0)
    next = 0;
  auto prefix_size = std::strlen(text);
  while (next < candidates.size()) {
    const auto& c = candidates[next++];
    if (c.compare(0, prefix_size, text) == 0)
      return strdup(c.c_str());
  }
  return nullptr;
}

char** complete(const char* text, int start, int) {
  rl_attempted_completion_over = 1; // never fall back to file names
  candidates.clear();
  if (active_completer == nullptr)
    return nullptr;
  auto before = split_words(std::string{rl_line_buffer, static_cast<size_t>(start)});
  if (!before)
    return nullptr;
  candidates = (*active_completer)(*before);
  return rl_completion_matches(text, next_candidate);
}

std::string history_file() {
  const char* home = std::getenv("HOME");
  return home != nullptr ? std::string{home} + "/.strom_history" : std::string{};
}

} // namespace

line_editor::line_editor(std::string prompt, completer complete_words)
    : prompt_(std::move(prompt)), history_path_(history_file()) {
  active_completer = new completer(std::move(complete_words));
  rl_readline_name = "strom";
  rl_attempted_completion_function = complete;
  using_history();
  stifle_history(history_lines_max);
  if (!history_path_.empty())
    read_history(history_path_.c_str());
}

line_editor::~line_editor() {
  if (!history_path_.empty())
    write_history(history_path_.c_str());
  delete active_completer;
  active_completer = nullptr;
}

std::optional<std::string> line_editor::read_line() {
  char* raw = readline(prompt_.c_str());
  if (raw == nullptr)
    return std::nullopt;
  std::string line{raw};
  std::free(raw);
  if (line.find_first_not_of(" \t") != std::string::npos)
    add_history(line.c_str());
  return line;
}

} // namespace strom
