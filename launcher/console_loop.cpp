#include "launcher/console_loop.hpp"

#include <unistd.h>

#include <iostream>

#include "launcher/console_session.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/line_editor.hpp"
#include "messages/error_category.hpp"

namespace strom {

namespace {

void greet(admin_client& client) {
  auto at = client.connect();
  if (at)
    std::cout << "connected to " << at->to_string() << "; `help` lists the commands\n";
  else
    std::cout << "no node answers yet (" << describe(at.error())
              << "); commands will retry\n";
}

// Says so when the node in use changes or goes away.
void report_connection(admin_client& client, std::optional<endpoint>& last) {
  auto now = client.current();
  auto name = [](const std::optional<endpoint>& e) { return e ? e->to_string() : ""; };
  if (name(now) == name(last))
    return;
  if (last && !now)
    std::cout << "lost " << last->to_string() << "; the next command reconnects\n";
  else if (now && last)
    std::cout << "reconnected to " << now->to_string() << "\n";
  last = now;
}

} // namespace

int run_console_loop(admin_client& client) {
  console_session session{client, std::cout, std::cerr};
  bool interactive = ::isatty(STDIN_FILENO) != 0;
  std::optional<line_editor> editor;
  if (interactive) {
    greet(client);
    editor.emplace("strom> ", [&session](const std::vector<std::string>& before) {
      return session.complete(before);
    });
  }
  auto last = client.current();
  int status = exit_code::ok;
  while (!session.finished()) {
    std::optional<std::string> line;
    if (editor) {
      line = editor->read_line();
    } else if (std::string text; std::getline(std::cin, text)) {
      line = text;
    }
    if (!line)
      break;
    status = session.execute(*line);
    std::cout.flush();
    if (interactive)
      report_connection(client, last);
  }
  if (interactive && !session.finished())
    std::cout << "\n";
  return session.finished() ? exit_code::ok : status;
}

} // namespace strom

#include <caf/actor_system.hpp>

#include "launcher/tool_credentials.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

int run_console_with_manifest(const manifest& m) {
  constexpr std::chrono::milliseconds request_timeout_ms{3000};
  std::vector<std::string> problems;
  auto tls = tool_tls(&m, problems);
  auto door = tool_door_from_environment(problems);
  auto endpoints = tool_endpoints(m, door, problems);
  for (const auto& p : problems)
    std::cerr << "strom console: " << p << "\n";
  if (!problems.empty())
    return exit_code::tls_unusable;
  strom_config cfg{tls, door};
  caf::actor_system sys{cfg};
  admin_client client{sys, endpoints, request_timeout_ms};
  return run_console_loop(client);
}

} // namespace strom
