#pragma once
// A password, never from the command line (it would show in ps and shell
// history): typed at a prompt without echo when stdin is a terminal,
// otherwise the first line of stdin (a script pipes it in).

#include <optional>
#include <ostream>
#include <string>

namespace strom {

// Nothing at the end of input or for an empty password; `prompt` goes to
// `out` only at a terminal.
std::optional<std::string> read_password(const std::string& prompt, std::ostream& out);

} // namespace strom
