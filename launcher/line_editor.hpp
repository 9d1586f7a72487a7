#pragma once
// The console's line editor (libedit): history kept across sessions in
// ~/.strom_history, and tab completion over the words a completer offers.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace strom {

class line_editor {
public:
  // Given the words before the cursor's word, the candidates for that word.
  using completer = std::function<std::vector<std::string>(const std::vector<std::string>&)>;

  line_editor(std::string prompt, completer complete);
  ~line_editor();
  line_editor(const line_editor&) = delete;
  line_editor& operator=(const line_editor&) = delete;

  // A line, or nothing at end of input (Ctrl-D).
  std::optional<std::string> read_line();

private:
  std::string prompt_;
  std::string history_path_;
};

} // namespace strom
