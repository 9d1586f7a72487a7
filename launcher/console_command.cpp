// strom console [--manifest M | --bootstrap host:port,...] [-e COMMAND]

#include <iostream>

#include "launcher/command_line.hpp"
#include "launcher/commands.hpp"
#include "launcher/console_loop.hpp"
#include "launcher/console_session.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/tool_connection.hpp"

namespace strom {

namespace {

std::vector<option_spec> console_options() {
  auto out = connection_options(true);
  out.push_back({"execute", 'e', true, "run one command, print its output, exit with its status"});
  out.push_back({"help", 'h', false, "show this help"});
  return with_logging_options(out);
}

int usage(const std::string& problem) {
  return report_usage("console", problem,
                      "(--manifest FILE | --bootstrap HOST:PORT[,...]) [-e COMMAND [--json]]",
                      console_options());
}

} // namespace

int run_console(const args_list& args) {
  command_line cl;
  if (auto done = parse_tool_arguments("console", args, console_options(), usage, cl))
    return *done;
  int status = exit_code::ok;
  auto connection = resolve_connection(cl, usage, status);
  if (!connection)
    return status;
  tool_client tool{*connection};
  if (auto command = cl.get("execute")) {
    console_session session{tool.admin(), std::cout, std::cerr, connection->json};
    return session.execute(*command);
  }
  return run_console_loop(tool.admin());
}

} // namespace strom
