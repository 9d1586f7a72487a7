#pragma once
// A small parser for subcommand arguments, read as getopt_long reads them:
// `--name value`, `--name=value`, `-n value`, `-nvalue` (so `-o-10`), flags
// that combine (`-eJ`), a cluster ending in an option that takes a value
// (`-Jc5`, `-Jc 5`), and `--` ending the options. Unknown options are
// errors, not ignored.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strom {

struct option_spec {
  std::string name;      // long name, without dashes
  char short_name = 0;   // 0 when there is none
  bool takes_value = true;
  std::string help;
};

struct command_line {
  std::map<std::string, std::string> values; // the last value of each option
  std::map<std::string, std::vector<std::string>> every_value; // for repeatable ones (-H)
  std::vector<std::string> positional;
  // Empty when the arguments parsed; else the first problem. The words after
  // it are read all the same, so that --log-format can say how to report it.
  std::string error;

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  // Every value given for the option, in order; none when absent.
  std::vector<std::string> get_all(const std::string& name) const;
};

command_line parse_command_line(const std::vector<std::string>& args,
                                const std::vector<option_spec>& specs);

// The words of `args` that give one of `specs` (with their values), and the
// rest in order, for a command whose other words another parser takes. A
// cluster of flags (`-eJ`) and everything after `--` stay in the rest.
std::pair<std::vector<std::string>, std::vector<std::string>>
split_options(const std::vector<std::string>& args, const std::vector<option_spec>& specs);

// "  --manifest, -m FILE   the cluster manifest" lines for usage texts.
std::string describe_options(const std::vector<option_spec>& specs);

// A subcommand's usage: with every option on stdout and status 0 when asked
// for (empty `problem`), else the problem and the synopsis on stderr with
// the usage status:
//   strom console: unknown option --x
//   usage: strom console SYNOPSIS
//   `strom console --help` describes the options
int report_usage(const std::string& command, const std::string& problem,
                 const std::string& synopsis, const std::vector<option_spec>& specs);

// "a,b,,c" -> {"a", "b", "c"}: option values that list several items.
std::vector<std::string> split_commas(const std::string& text);

// Parses a decimal integer that must fill the whole string.
std::optional<long long> parse_integer(const std::string& text);

} // namespace strom
