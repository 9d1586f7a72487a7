// strom topic|group|cluster|user|acl ...: one console command from a script, with the
// connection options every tool takes. The console's own code runs it, so
// the two never drift apart.

#include <iostream>
#include <sstream>

#include <caf/actor_system.hpp>

#include "launcher/commands.hpp"
#include "launcher/console_session.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/tool_connection.hpp"
#include "net/client/admin_client.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

namespace {

// What `strom topic|group|cluster` takes beside the console command's words.
std::vector<option_spec> admin_options() {
  return with_logging_options(connection_options(false));
}

// The console command's help, told as this subcommand's.
std::string command_help(const std::string& name) {
  strom_config cfg;
  caf::actor_system sys{cfg};
  admin_client nobody{sys, {}, std::chrono::milliseconds{1}};
  std::ostringstream out, err;
  console_session{nobody, out, err}.execute(std::vector<std::string>{"help", name});
  return out.str();
}

int usage(const std::string& name, const std::string& problem) {
  auto help = command_help(name);
  if (!problem.empty()) {
    std::cerr << "strom " << name << ": " << problem << "\nusage: strom "
              << help.substr(0, help.find('\n')) << "\n`strom " << name
              << " --help` describes the operations and options\n";
    return exit_code::usage;
  }
  std::cout << "usage: strom " << help << "options (every operation):\n"
            << describe_options(admin_options());
  return exit_code::ok;
}

bool asks_for_help(const args_list& rest) {
  return rest.empty() || rest.front() == "--help" || rest.front() == "-h" ||
         rest.front() == "help";
}

} // namespace

int run_admin_command(const std::string& name, const args_list& args) {
  auto [own_args, rest] = split_options(args, admin_options());
  auto cl = parse_command_line(own_args, admin_options());
  if (auto logs = setup_logging(cl, log_source::of_command(name)); !logs)
    return usage(name, logs.error().message);
  // `cluster` takes no operation: alone it runs, with --help it helps.
  bool takes_operation = name != "cluster";
  if ((takes_operation || !rest.empty()) && asks_for_help(rest))
    return usage(name, rest.empty() ? "which operation?" : "");
  if (!cl.error.empty())
    return usage(name, cl.error);
  int status = exit_code::ok;
  auto report = [&name](const std::string& problem) { return usage(name, problem); };
  auto connection = resolve_connection(cl, report, status);
  if (!connection)
    return status;
  tool_client tool{*connection};
  console_session session{tool.admin(), std::cout, std::cerr, connection->json};
  rest.insert(rest.begin(), name);
  return session.execute(rest);
}

} // namespace strom
