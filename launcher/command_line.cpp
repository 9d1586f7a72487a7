#include "launcher/command_line.hpp"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace strom {

namespace {

const option_spec* find_long(const std::vector<option_spec>& specs, const std::string& name) {
  for (const auto& s : specs)
    if (s.name == name)
      return &s;
  return nullptr;
}

const option_spec* find_short(const std::vector<option_spec>& specs, char name) {
  for (const auto& s : specs)
    if (s.short_name != 0 && s.short_name == name)
      return &s;
  return nullptr;
}

// The words being parsed and the index of the next one not yet read.
struct word_cursor {
  const std::vector<std::string>& words;
  size_t next = 0;

  bool done() const { return next == words.size(); }
  const std::string& take() { return words[next++]; }
};

void note_error(command_line& out, const std::string& problem) {
  if (out.error.empty())
    out.error = problem;
}

void keep_value(command_line& out, const option_spec& spec, const std::string& value) {
  out.values[spec.name] = value;
  out.every_value[spec.name].push_back(value);
}

// `shown` is the option as the usage error names it: "-c" or "--count".
void take_next_value(word_cursor& in, const option_spec& spec, const std::string& shown,
                     command_line& out) {
  if (in.done())
    note_error(out, "option " + shown + " needs a value");
  else
    keep_value(out, spec, in.take());
}

// --name, --name=value, --name value.
void parse_long(const std::string& arg, word_cursor& in, const std::vector<option_spec>& specs,
                command_line& out) {
  auto eq = arg.find('=');
  auto shown = arg.substr(0, eq);
  const auto* spec = find_long(specs, shown.substr(2));
  if (spec == nullptr)
    return note_error(out, "unknown option " + shown);
  if (!spec->takes_value) {
    if (eq != std::string::npos)
      return note_error(out, "option " + shown + " takes no value");
    out.values[spec->name] = "true";
  } else if (eq != std::string::npos) {
    keep_value(out, *spec, arg.substr(eq + 1));
  } else {
    take_next_value(in, *spec, shown, out);
  }
}

// -e, -eJ, -c5, -c 5, -Jc5, -Jc 5, -o-10: flags until one that takes a value,
// which takes the rest of the word or, when nothing is left, the next word.
void parse_short_cluster(const std::string& arg, word_cursor& in,
                         const std::vector<option_spec>& specs, command_line& out) {
  for (size_t i = 1; i < arg.size(); ++i) {
    auto shown = std::string{'-', arg[i]};
    const auto* spec = find_short(specs, arg[i]);
    if (spec == nullptr) {
      note_error(out, "unknown option " + shown + (arg.size() > 2 ? " in " + arg : ""));
    } else if (!spec->takes_value) {
      out.values[spec->name] = "true";
    } else if (i + 1 < arg.size()) {
      return keep_value(out, *spec, arg.substr(i + 1));
    } else {
      return take_next_value(in, *spec, shown, out);
    }
  }
}

bool is_option_word(const std::string& arg) {
  return arg.size() >= 2 && arg[0] == '-';
}

// The spec `arg` gives on its own (with its value attached or not), or none.
const option_spec* lone_option(const std::string& arg, const std::vector<option_spec>& specs) {
  if (!is_option_word(arg) || arg == "--")
    return nullptr;
  if (arg[1] == '-')
    return find_long(specs, arg.substr(2, arg.find('=') - 2));
  const auto* spec = find_short(specs, arg[1]);
  bool alone = spec != nullptr && (arg.size() == 2 || spec->takes_value);
  return alone ? spec : nullptr;
}

bool value_attached(const std::string& arg) {
  return arg[1] == '-' ? arg.find('=') != std::string::npos : arg.size() > 2;
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
  word_cursor in{args, 0};
  bool options_ended = false;
  while (!in.done()) {
    const auto& arg = in.take();
    if (options_ended || !is_option_word(arg))
      out.positional.push_back(arg);
    else if (arg == "--")
      options_ended = true;
    else if (arg[1] == '-')
      parse_long(arg, in, specs, out);
    else
      parse_short_cluster(arg, in, specs, out);
  }
  return out;
}

std::pair<std::vector<std::string>, std::vector<std::string>>
split_options(const std::vector<std::string>& args, const std::vector<option_spec>& specs) {
  std::vector<std::string> mine, rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    const auto* spec = lone_option(args[i], specs);
    (spec == nullptr ? rest : mine).push_back(args[i]);
    if (spec != nullptr && spec->takes_value && !value_attached(args[i]) && i + 1 < args.size())
      mine.push_back(args[++i]);
  }
  return {mine, rest};
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
