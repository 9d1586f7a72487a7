#include "launcher/console_subcommand.hpp"

namespace strom {

namespace {

std::string names_joined(const std::vector<console_subcommand>& operations) {
  std::string out;
  for (const auto& s : operations)
    out += (out.empty() ? "" : "|") + s.name;
  return out + " ...";
}

const console_subcommand* find_subcommand(const std::vector<console_subcommand>& operations,
                                          const std::string& name) {
  for (const auto& s : operations)
    if (s.name == name)
      return &s;
  return nullptr;
}

} // namespace

int run_subcommand(console_context& context, const std::string& command,
                   const std::vector<console_subcommand>& operations,
                   const std::vector<std::string>& args) {
  if (args.empty())
    return report_usage_problem(context.err, command, names_joined(operations),
                                "which operation?");
  const auto* sub = find_subcommand(operations, args.front());
  if (sub == nullptr)
    return report_usage_problem(context.err, command, names_joined(operations),
                                "unknown operation '" + args.front() + "'");
  auto name = command + " " + sub->name;
  auto cl = parse_command_line(std::vector<std::string>(args.begin() + 1, args.end()),
                               sub->options);
  if (!cl.error.empty())
    return report_usage_problem(context.err, name, sub->arguments, cl.error);
  if (cl.positional.size() != sub->positional_wanted)
    return report_usage_problem(context.err, name, sub->arguments, sub->positional_problem);
  return sub->run(context, cl);
}

std::vector<std::string> subcommand_names(const std::vector<console_subcommand>& operations) {
  std::vector<std::string> names;
  for (const auto& s : operations)
    names.push_back(s.name);
  return names;
}

std::vector<std::string> option_words(const std::vector<option_spec>& options) {
  std::vector<std::string> words;
  for (const auto& o : options)
    words.push_back("--" + o.name);
  return words;
}

std::string subcommand_details(const std::string& command,
                               const std::vector<console_subcommand>& operations) {
  std::string out;
  for (const auto& s : operations)
    out += "  " + command + " " + s.name + (s.arguments.empty() ? "" : " " + s.arguments) + "\n";
  for (const auto& s : operations)
    out += describe_options(s.options);
  return out;
}

} // namespace strom
