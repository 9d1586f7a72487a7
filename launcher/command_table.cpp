#include "launcher/command_table.hpp"

#include <algorithm>
#include <iostream>

#include "launcher/exit_codes.hpp"
#include "launcher/version.hpp"

namespace strom {

namespace {

int run_topic(const args_list& args) {
  return run_admin_command("topic", args);
}
int run_group(const args_list& args) {
  return run_admin_command("group", args);
}
int run_cluster(const args_list& args) {
  return run_admin_command("cluster", args);
}
int run_user(const args_list& args) {
  return run_admin_command("user", args);
}
int run_acl(const args_list& args) {
  return run_admin_command("acl", args);
}

struct usage_line {
  std::string name;
  std::string summary;
};

std::vector<usage_line> usage_lines() {
  std::vector<usage_line> lines;
  for (const auto& c : strom_commands()) {
    lines.push_back({c.name, c.summary});
    if (c.name == "bench")
      for (const auto& b : bench_commands())
        lines.push_back({"bench " + b.name, b.summary});
  }
  return lines;
}

} // namespace

const std::vector<command_entry>& strom_commands() {
  static const std::vector<command_entry> commands = {
    {"node", "run one node of a cluster: strom node --manifest M --id N", run_node},
    {"launch", "run every local node of a manifest: strom launch M [--console]", run_launch},
    {"console", "the admin console: strom console [--manifest M | --bootstrap H:P,...]",
     run_console},
    {"produce", "records from stdin to a topic: strom produce -t TOPIC [-K DELIM] ...",
     run_produce},
    {"consume", "a topic's records to stdout: strom consume -t TOPIC [-g GROUP] [-o OFFSET]",
     run_consume},
    {"topic", "create|alter|delete|describe|list topics", run_topic},
    {"group", "list|describe|reset|delete consumer groups", run_group},
    {"cluster", "the nodes and the controller, as a node sees them", run_cluster},
    {"user", "create|delete|list users (SCRAM; the password at a prompt or on stdin)",
     run_user},
    {"acl", "add|list|remove ACLs on topics, groups and the cluster", run_acl},
    {"bench", "benchmarks that report, never assert: strom bench NAME [OPTIONS]", run_bench},
    {"tls", "development certificates for a manifest's security section: strom tls init M",
     run_tls},
    {"version", "strom's version and the commit it was built from (also --version)",
     run_version},
  };
  return commands;
}

std::string strom_usage() {
  auto lines = usage_lines();
  size_t width = 0;
  for (const auto& l : lines)
    width = std::max(width, l.name.size());
  std::string out = "usage: strom COMMAND [ARGS...]\n\ncommands:\n";
  for (const auto& l : lines)
    out += "  " + l.name + std::string(width + 2 - l.name.size(), ' ') + l.summary + "\n";
  return out + "\n`strom COMMAND --help` describes a command's options. Every command takes\n"
               "--log-level LEVEL (or STROM_LOG) and --log-format text|json (or "
               "STROM_LOG_FORMAT).\n";
}

int run_strom(const args_list& args) {
  if (args.empty()) {
    std::cerr << strom_usage();
    return exit_code::usage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << strom_usage();
    return exit_code::ok;
  }
  if (args[0] == "--version")
    return run_version(args_list(args.begin() + 1, args.end()));
  for (const auto& c : strom_commands())
    if (args[0] == c.name)
      return c.run(args_list(args.begin() + 1, args.end()));
  std::cerr << "strom: unknown command '" << args[0] << "'\n" << strom_usage();
  return exit_code::usage;
}

} // namespace strom
