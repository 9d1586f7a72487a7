#include "launcher/console_session.hpp"

#include <chrono>

#include "launcher/exit_codes.hpp"
#include "launcher/text_table.hpp"
#include "launcher/words.hpp"
#include "messages/error_category.hpp"

namespace strom {

namespace {

std::string age_text(int64_t since_unix_ms) {
  if (since_unix_ms == 0)
    return "-";
  using namespace std::chrono;
  auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  auto s = std::max<int64_t>(0, (now - since_unix_ms) / 1000);
  if (s < 60)
    return std::to_string(s) + "s";
  if (s < 3600)
    return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
}

} // namespace

console_session::console_session(admin_client& client, std::ostream& out, std::ostream& err)
    : client_(client), out_(out), err_(err) {
  commands_ = {
    {"help", "[COMMAND]", "list the commands, or describe one",
     [this](const auto& a) { return help(a); }},
    {"cluster", "", "each node: id, address, up or down as the node asked sees it",
     [this](const auto& a) { return cluster(a); }},
    {"quit", "", "leave the console (also: exit, Ctrl-D)",
     [this](const auto& a) {
       if (!a.empty())
         return fail_usage(*find("quit"), "takes no arguments");
       finished_ = true;
       return exit_code::ok;
     }},
  };
}

std::vector<std::string> console_session::command_names() const {
  std::vector<std::string> names;
  for (const auto& c : commands_)
    names.push_back(c.name);
  names.push_back("exit");
  return names;
}

const console_command* console_session::find(const std::string& name) const {
  auto wanted = name == "exit" ? std::string{"quit"} : name;
  for (const auto& c : commands_)
    if (c.name == wanted)
      return &c;
  return nullptr;
}

int console_session::fail_usage(const console_command& cmd, const std::string& problem) {
  err_ << cmd.name << ": " << problem << " (usage: " << cmd.name
       << (cmd.arguments.empty() ? "" : " " + cmd.arguments) << ")\n";
  return exit_code::usage;
}

int console_session::execute(const std::string& line) {
  auto words = split_words(line);
  if (!words) {
    err_ << "error: " << words.error().message << "\n";
    return exit_code::usage;
  }
  if (words->empty())
    return exit_code::ok;
  const auto* cmd = find(words->front());
  if (cmd == nullptr) {
    err_ << "unknown command '" << words->front() << "'; `help` lists the commands\n";
    return exit_code::usage;
  }
  return cmd->run(std::vector<std::string>(words->begin() + 1, words->end()));
}

int console_session::help(const std::vector<std::string>& args) {
  if (args.size() > 1)
    return fail_usage(*find("help"), "takes at most one command name");
  if (args.size() == 1) {
    const auto* cmd = find(args[0]);
    if (cmd == nullptr) {
      err_ << "help: unknown command '" << args[0] << "'\n";
      return exit_code::usage;
    }
    out_ << cmd->name << (cmd->arguments.empty() ? "" : " " + cmd->arguments) << "\n  "
         << cmd->summary << "\n";
    return exit_code::ok;
  }
  text_table table{{"COMMAND", "DESCRIPTION"}};
  for (const auto& c : commands_)
    table.add_row({c.name + (c.arguments.empty() ? "" : " " + c.arguments), c.summary});
  out_ << table.render();
  return exit_code::ok;
}

int console_session::cluster(const std::vector<std::string>& args) {
  if (!args.empty())
    return fail_usage(*find("cluster"), "takes no arguments");
  auto view = client_.members();
  if (!view) {
    err_ << "cluster: " << describe(view.error()) << "\n";
    return code_of(view.error()) == errc::unreachable ? exit_code::unreachable
                                                       : exit_code::failure;
  }
  text_table table{{"ID", "ADDRESS", "STATE", "SINCE", "DETAIL"}};
  for (const auto& m : *view)
    table.add_row({std::to_string(m.address.id.value()), m.address.to_string(),
                   m.up ? "up" : "down", m.self ? "-" : age_text(m.since_unix_ms),
                   m.self ? "the node asked" : m.down_reason});
  out_ << table.render();
  return exit_code::ok;
}

} // namespace strom
