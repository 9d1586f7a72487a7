#pragma once
// The larger operations of `group`, each in its own file; console_group.cpp
// dispatches to them.

#include <optional>
#include <string>
#include <vector>

#include "launcher/command_line.hpp"
#include "launcher/console_session.hpp"
#include "net/client/offset_reset.hpp"

namespace strom {

// `group describe GROUP` (console_group_describe.cpp).
int describe_group_command(console_context& context, const command_line& cl);

// `group reset GROUP TOPIC --to ...` (console_group_reset.cpp).
int reset_group_command(console_context& context, const command_line& cl);
const std::vector<option_spec>& reset_options();
extern const char* const reset_arguments;

// "earliest", "latest", "@TIMESTAMP_MS" or an offset; nothing otherwise.
std::optional<reset_target> parse_reset_target(const std::string& text);

// Text for a table cell: "-" where there is nothing to show, so that
// every row keeps its columns.
std::string cell(const std::string& text);

} // namespace strom
