#include "launcher/command_line.hpp"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace strom {

namespace {

const option_spec* find_spec(const std::vector<option_spec>& specs, const std::string& arg) {
  for (const auto& s : specs) {
    if (arg == "--" + s.name)
      return &s;
    if (s.short_name != 0 && arg.size() == 2 && arg[0] == '-' && arg[1] == s.short_name)
      return &s;
  }
  return nullptr;
}

} // namespace

std::optional<std::string> command_line::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end())
    return std::nullopt;
  return it->second;
}

std::vector<std::string> command_line::get_all(const std::string& name) const {
  auto it = every_value.find(name);
  return it == every_value.end() ? std::vector<std::string>{} : it->second;
}

command_line parse_command_line(const std::vector<std::string>& args,
                                const std::vector<option_spec>& specs) {
  command_line out;
  for (size_t i = 0; i < args.size(); ++i) {
    auto arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      out.positional.push_back(arg);
      continue;
    }
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    const auto* spec = find_spec(specs, arg);
    if (spec == nullptr) {
      out.error = "unknown option " + arg;
      return out;
    }
    if (!spec->takes_value) {
      out.values[spec->name] = "true";
      continue;
    }
    if (!inline_value && i + 1 == args.size()) {
      out.error = "option " + arg + " needs a value";
      return out;
    }
    auto value = inline_value ? *inline_value : args[++i];
    out.values[spec->name] = value;
    out.every_value[spec->name].push_back(value);
  }
  return out;
}

std::string describe_options(const std::vector<option_spec>& specs) {
  std::ostringstream out;
  for (const auto& s : specs) {
    std::string left = "  --" + s.name;
    if (s.short_name != 0)
      left += ", -" + std::string(1, s.short_name);
    if (s.takes_value)
      left += " VALUE";
    out << left << std::string(left.size() < 26 ? 28 - left.size() : 2, ' ') << s.help << "\n";
  }
  return out.str();
}

int report_usage(const std::string& command, const std::string& problem,
                 const std::string& synopsis, const std::vector<option_spec>& specs) {
  if (problem.empty()) {
    std::cout << "usage: strom " << command << " " << synopsis << "\n" << describe_options(specs);
    return 0; // exit_code::ok
  }
  // A mistake gets the problem and the synopsis, not a screen of options.
  std::cerr << "strom " << command << ": " << problem << "\nusage: strom " << command << " "
            << synopsis << "\n`strom " << command << " --help` describes the options\n";
  return 64; // exit_code::usage
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in{text};
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty())
      items.push_back(item);
  return items;
}

std::optional<long long> parse_integer(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  auto value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size())
    return std::nullopt;
  return value;
}

} // namespace strom
