// strom version, strom --version.

#include <iostream>

#include "launcher/commands.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/tool_connection.hpp"
#include "launcher/version.hpp"

namespace strom {

namespace {

// It logs nothing; it takes the logging options because every command does.
const std::vector<option_spec> version_options = with_logging_options({
  {"help", 'h', false, "show this help"},
});

int usage(const std::string& problem) {
  return report_usage("version", problem, "", version_options);
}

} // namespace

int run_version(const args_list& args) {
  command_line cl;
  if (auto done = parse_tool_arguments("version", args, version_options, usage, cl))
    return *done;
  std::cout << version_text() << "\n";
  return exit_code::ok;
}

} // namespace strom
