#include "launcher/console_session.hpp"

#include "launcher/console_cluster.hpp"
#include "launcher/console_consume.hpp"
#include "launcher/console_group.hpp"
#include "launcher/console_produce.hpp"
#include "launcher/console_tail.hpp"
#include "launcher/console_topic.hpp"
#include "launcher/console_user.hpp"
#include "launcher/console_acl.hpp"
#include "launcher/console_watch.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/text_table.hpp"
#include "launcher/words.hpp"
#include "messages/error_category.hpp"

namespace strom {

int report_usage_problem(std::ostream& err, const std::string& name,
                         const std::string& arguments, const std::string& problem) {
  err << name << ": " << problem << " (usage: " << name
      << (arguments.empty() ? "" : " " + arguments) << ")\n";
  return exit_code::usage;
}

int report_failure(std::ostream& err, const caf::error& failure) {
  err << describe(failure) << "\n";
  return code_of(failure) == errc::unreachable ? exit_code::unreachable : exit_code::failure;
}

console_session::console_session(admin_client& client, std::ostream& out, std::ostream& err,
                                 bool json)
    : context_{client, out, err, json} {
  commands_ = {
    {"help", "[COMMAND]", "list the commands, or describe one",
     [this](const auto& a) { return help(a); },
     [this](const auto& before) {
       return before.empty() ? command_names() : std::vector<std::string>{};
     },
     {}},
    cluster_command(context_),
    topic_command(context_),
    group_command(context_),
    produce_command(context_),
    consume_command(context_),
    tail_command(context_),
    watch_command(context_),
    user_command(context_),
    acl_command(context_),
    {"quit", "", "leave the console (also: exit, Ctrl-D)",
     [this](const auto& a) {
       if (!a.empty())
         return fail_usage(*find("quit"), "takes no arguments");
       finished_ = true;
       return exit_code::ok;
     },
     {}, {}},
  };
}

std::vector<std::string> console_session::command_names() const {
  std::vector<std::string> names;
  for (const auto& c : commands_)
    names.push_back(c.name);
  names.push_back("exit");
  return names;
}

std::vector<std::string> console_session::complete(const std::vector<std::string>& before) const {
  if (before.empty())
    return command_names();
  const auto* cmd = find(before.front());
  if (cmd == nullptr || !cmd->complete)
    return {};
  return cmd->complete(std::vector<std::string>(before.begin() + 1, before.end()));
}

const console_command* console_session::find(const std::string& name) const {
  auto wanted = name == "exit" ? std::string{"quit"} : name;
  for (const auto& c : commands_)
    if (c.name == wanted)
      return &c;
  return nullptr;
}

int console_session::fail_usage(const console_command& cmd, const std::string& problem) {
  return report_usage_problem(context_.err, cmd.name, cmd.arguments, problem);
}

int console_session::execute(const std::string& line) {
  auto words = split_words(line);
  if (!words) {
    context_.err << "error: " << words.error().message << "\n";
    return exit_code::usage;
  }
  return execute(*words);
}

int console_session::execute(const std::vector<std::string>& words) {
  if (words.empty())
    return exit_code::ok;
  const auto* cmd = find(words.front());
  if (cmd == nullptr) {
    context_.err << "unknown command '" << words.front() << "'; `help` lists the commands\n";
    return exit_code::usage;
  }
  return cmd->run(std::vector<std::string>(words.begin() + 1, words.end()));
}

int console_session::help(const std::vector<std::string>& args) {
  if (args.size() > 1)
    return fail_usage(*find("help"), "takes at most one command name");
  if (args.size() == 1) {
    const auto* cmd = find(args[0]);
    if (cmd == nullptr) {
      context_.err << "help: unknown command '" << args[0] << "'\n";
      return exit_code::usage;
    }
    context_.out << cmd->name << (cmd->arguments.empty() ? "" : " " + cmd->arguments) << "\n  "
                 << cmd->summary << "\n" << cmd->details;
    return exit_code::ok;
  }
  text_table table{{"COMMAND", "DESCRIPTION"}};
  for (const auto& c : commands_)
    table.add_row({c.name + (c.arguments.empty() ? "" : " " + c.arguments), c.summary});
  context_.out << table.render();
  return exit_code::ok;
}

} // namespace strom
