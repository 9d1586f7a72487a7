// strom: one binary, one subcommand per job, in the manner of rpk.

#include <iostream>
#include <string>
#include <vector>

#include "launcher/commands.hpp"
#include "launcher/exit_codes.hpp"

namespace {

int run_topic(const strom::args_list& args) {
  return strom::run_admin_command("topic", args);
}
int run_group(const strom::args_list& args) {
  return strom::run_admin_command("group", args);
}
int run_cluster(const strom::args_list& args) {
  return strom::run_admin_command("cluster", args);
}

struct subcommand {
  const char* name;
  const char* summary;
  int (*run)(const strom::args_list&);
};

const std::vector<subcommand> subcommands = {
  {"node", "run one node of a cluster: strom node --manifest M --id N", strom::run_node},
  {"launch", "run every local node of a manifest: strom launch M [--console]", strom::run_launch},
  {"console", "the admin console: strom console [--manifest M | --bootstrap H:P,...]",
   strom::run_console},
  {"produce", "records from stdin to a topic: strom produce -t TOPIC [-K DELIM] ...",
   strom::run_produce},
  {"consume", "a topic's records to stdout: strom consume -t TOPIC [-g GROUP] [-o OFFSET] ...",
   strom::run_consume},
  {"topic", "create|alter|delete|describe|list topics", run_topic},
  {"group", "list|describe|reset|delete consumer groups", run_group},
  {"cluster", "the nodes and the controller, as a node sees them", run_cluster},
  {"bench", "benchmarks: strom bench storage | raft | produce | consume | group [OPTIONS]",
   strom::run_bench},
};

int usage(std::ostream& out, int status) {
  out << "usage: strom COMMAND [ARGS...]\n\ncommands:\n";
  for (const auto& s : subcommands)
    out << "  " << s.name << std::string(10 - std::string{s.name}.size(), ' ') << s.summary
        << "\n";
  out << "\n`strom COMMAND --help` describes a command's options.\n";
  return status;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
    return usage(std::cerr, strom::exit_code::usage);
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help")
    return usage(std::cout, strom::exit_code::ok);
  for (const auto& s : subcommands)
    if (args[0] == s.name)
      return s.run(strom::args_list(args.begin() + 1, args.end()));
  std::cerr << "strom: unknown command '" << args[0] << "'\n";
  return usage(std::cerr, strom::exit_code::usage);
}
