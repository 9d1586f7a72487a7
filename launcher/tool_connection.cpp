#include "launcher/tool_connection.hpp"

#include <iostream>

#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/manifest_loader.hpp"
#include "launcher/tool_credentials.hpp"

namespace strom {

std::vector<option_spec> connection_options(bool manifest_short) {
  return {
    {"manifest", manifest_short ? 'm' : '\0', true, "connect to the nodes of this manifest"},
    {"bootstrap", 'b', true, "connect to host:port[,host:port...] (tried in turn)"},
    {"timeout-ms", 0, true, "how long to wait for a node (default 3000)"},
    {"json", 0, false, "print JSON instead of text"},
  };
}

namespace {

// The nodes to try and the TLS files to dial them with.
bool resolve_nodes(const command_line& cl, const usage_reporter& usage, int& status,
                   tool_connection& out) {
  std::vector<std::string> problems;
  if (auto list = cl.get("bootstrap")) {
    auto parsed = parse_bootstrap(*list);
    if (!parsed) {
      status = usage(parsed.error().message);
      return false;
    }
    out.endpoints = *parsed;
    out.tls = tool_tls_from_environment(problems);
    out.door = tool_door_from_environment(problems);
  } else {
    auto m = load_manifest_or_report(*cl.get("manifest"));
    if (!m) {
      status = exit_code::invalid_manifest;
      return false;
    }
    out.tls = tool_tls(&*m, problems);
    out.door = tool_door_from_environment(problems);
    out.endpoints = tool_endpoints(*m, out.door, problems);
  }
  for (const auto& p : problems)
    std::cerr << "strom: " << p << "\n";
  if (!problems.empty())
    status = exit_code::tls_unusable;
  return problems.empty();
}

} // namespace

std::optional<int> parse_tool_arguments(const std::string& command, const args_of_tool& args,
                                        const std::vector<option_spec>& specs,
                                        const usage_reporter& usage, command_line& cl) {
  cl = parse_command_line(args, specs);
  if (auto logs = setup_logging(cl, log_source::of_command(command)); !logs)
    return usage(logs.error().message);
  if (!cl.error.empty())
    return usage(cl.error);
  if (cl.has("help"))
    return usage("");
  if (!cl.positional.empty())
    return usage("unexpected argument '" + cl.positional.front() + "'");
  return std::nullopt;
}

std::optional<tool_connection> resolve_connection(const command_line& cl,
                                                  const usage_reporter& usage,
                                                  int& status) {
  if (cl.has("manifest") == cl.has("bootstrap")) {
    status = usage("give exactly one of --manifest and --bootstrap");
    return std::nullopt;
  }
  tool_connection out;
  if (auto t = cl.get("timeout-ms")) {
    auto ms = parse_integer(*t);
    if (!ms || *ms <= 0) {
      status = usage("--timeout-ms must be a positive number of milliseconds");
      return std::nullopt;
    }
    out.timeout_ms = std::chrono::milliseconds{*ms};
  }
  if (!resolve_nodes(cl, usage, status, out))
    return std::nullopt;
  out.json = cl.has("json");
  return out;
}

} // namespace strom
