#pragma once
// The operations of a console command (`topic create`, `group reset`): each
// with its arguments, options and number of positional words, dispatched
// from the command's words with a usage error for anything else, and listed
// in `help COMMAND` and in completion.

#include <functional>
#include <string>
#include <vector>

#include "launcher/command_line.hpp"
#include "launcher/console_session.hpp"

namespace strom {

struct console_subcommand {
  std::string name;
  std::string arguments; // as in the usage line: "NAME [--partitions N]"
  std::vector<option_spec> options;
  size_t positional_wanted;
  std::string positional_problem; // when the count differs: "takes one topic name"
  std::function<int(console_context&, const command_line&)> run;
};

// Runs `command`'s operation named by the first word, on the other words.
int run_subcommand(console_context& context, const std::string& command,
                   const std::vector<console_subcommand>& operations,
                   const std::vector<std::string>& args);

std::vector<std::string> subcommand_names(const std::vector<console_subcommand>& operations);
// "--name" for each option: what completion offers after an operation.
std::vector<std::string> option_words(const std::vector<option_spec>& options);

// "  topic create NAME ..." per operation, then the options of each.
std::string subcommand_details(const std::string& command,
                               const std::vector<console_subcommand>& operations);

} // namespace strom
