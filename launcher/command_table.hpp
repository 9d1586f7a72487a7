#pragma once
// The commands of the strom binary, in tables that both dispatch and write
// `strom --help`, so that the help cannot miss a command.

#include <string>
#include <vector>

#include "launcher/commands.hpp"

namespace strom {

struct command_entry {
  std::string name;
  std::string summary;
  int (*run)(const args_list& args);
};

// strom COMMAND: node, launch, console, produce, ..., bench, version.
const std::vector<command_entry>& strom_commands();
// strom bench NAME: storage, raft, produce, ... (bench_command.cpp).
const std::vector<command_entry>& bench_commands();

// `strom --help`: every command, bench's own under it.
std::string strom_usage();

// The binary's main(): the command `args` name, --help or --version; the
// exit status.
int run_strom(const args_list& args);

} // namespace strom
