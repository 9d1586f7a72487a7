// strom console [--manifest M | --bootstrap host:port,...] [-e COMMAND]

#include <iostream>
#include <unistd.h>

#include <caf/actor_system.hpp>

#include "net/cluster/system_config.hpp"
#include "launcher/command_line.hpp"
#include "launcher/commands.hpp"
#include "launcher/console_loop.hpp"
#include "launcher/console_session.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/manifest_loader.hpp"
#include "net/client/admin_client.hpp"

namespace strom {

namespace {

constexpr std::chrono::milliseconds request_timeout_ms_default{3000};

const std::vector<option_spec> console_options = {
  {"manifest", 'm', true, "connect to the nodes of this manifest"},
  {"bootstrap", 'b', true, "connect to host:port[,host:port...] (tried in turn)"},
  {"execute", 'e', true, "run one command, print its output, exit with its status"},
  {"timeout-ms", 0, true, "how long to wait for a node (default 3000)"},
  {"help", 'h', false, "show this help"},
};

int usage(const std::string& problem) {
  return report_usage("console", problem,
                      "(--manifest FILE | --bootstrap HOST:PORT[,...]) [-e COMMAND]",
                      console_options);
}

// The endpoints to try: the manifest's nodes in order, or the bootstrap list.
std::optional<std::vector<endpoint>> endpoints_of(const command_line& cl, int& status) {
  if (auto list = cl.get("bootstrap")) {
    auto parsed = parse_bootstrap(*list);
    if (!parsed) {
      status = usage(parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }
  auto m = load_manifest_or_report(*cl.get("manifest"));
  if (!m) {
    status = exit_code::invalid_manifest;
    return std::nullopt;
  }
  std::vector<endpoint> out;
  for (const auto& n : m->nodes)
    out.push_back({n.host, n.port});
  return out;
}

} // namespace

int run_console(const args_list& args) {
  auto cl = parse_command_line(args, console_options);
  if (!cl.error.empty())
    return usage(cl.error);
  if (cl.has("help"))
    return usage("");
  if (cl.has("manifest") == cl.has("bootstrap"))
    return usage("give exactly one of --manifest and --bootstrap");
  if (!cl.positional.empty())
    return usage("unexpected argument '" + cl.positional.front() + "'");
  auto timeout = request_timeout_ms_default;
  if (auto t = cl.get("timeout-ms")) {
    auto ms = parse_integer(*t);
    if (!ms || *ms <= 0)
      return usage("--timeout-ms must be a positive number of milliseconds");
    timeout = std::chrono::milliseconds{*ms};
  }
  int status = exit_code::ok;
  auto endpoints = endpoints_of(cl, status);
  if (!endpoints)
    return status;
  strom_config cfg;
  caf::actor_system sys{cfg};
  admin_client client{sys, *endpoints, timeout};
  if (auto command = cl.get("execute")) {
    console_session session{client, std::cout, std::cerr};
    return session.execute(*command);
  }
  return run_console_loop(client);
}

} // namespace strom
