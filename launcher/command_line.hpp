#pragma once
// A small parser for subcommand arguments: `--name value`, `--name=value`,
// `-n value` and boolean flags. Unknown options are errors, not ignored.

#include <map>
#include <optional>
#include <string>
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
  std::string error; // empty when the arguments parsed

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  // Every value given for the option, in order; none when absent.
  std::vector<std::string> get_all(const std::string& name) const;
};

command_line parse_command_line(const std::vector<std::string>& args,
                                const std::vector<option_spec>& specs);

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
