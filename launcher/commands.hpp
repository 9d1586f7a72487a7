#pragma once
// The subcommands of the strom binary; each takes the arguments after its
// name and returns the process's exit status (launcher/exit_codes.hpp).
// command_table.cpp names them.

#include <string>
#include <vector>

namespace strom {

using args_list = std::vector<std::string>;

int run_node(const args_list& args);
int run_launch(const args_list& args);
int run_console(const args_list& args);
int run_bench(const args_list& args);
// Records from stdin (or -m) to a topic, in kcat's manner.
int run_produce(const args_list& args);
// A topic's records to stdout, in kcat's manner.
int run_consume(const args_list& args);
// `strom topic|group|cluster ...`: the console's command of that name, once.
int run_admin_command(const std::string& name, const args_list& args);
// A node holding raft group 1, for `strom bench raft` and tests.
int run_bench_node(const args_list& args);
// strom version: the version and the commit built.
int run_version(const args_list& args);
// strom tls init MANIFEST: development certificates (launcher/tls_command.cpp).
int run_tls(const args_list& args);

} // namespace strom
