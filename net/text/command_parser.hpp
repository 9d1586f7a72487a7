#pragma once
// One line of the line protocol into a command, or the reason it is not one
// (errc::bad_request, with what was wrong and where). Pure: the unit tests
// drive it without a socket.

#include <string_view>

#include "messages/result.hpp"
#include "net/text/text_command.hpp"

namespace strom {

result<text_command> parse_command(std::string_view line);

} // namespace strom
