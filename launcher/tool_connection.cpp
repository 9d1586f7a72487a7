#include "launcher/tool_connection.hpp"

#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/manifest_loader.hpp"

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

std::optional<std::vector<endpoint>> endpoints_of(const command_line& cl,
                                                  const usage_reporter& usage,
                                                  int& status) {
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
  auto endpoints = endpoints_of(cl, usage, status);
  if (!endpoints)
    return std::nullopt;
  out.endpoints = std::move(*endpoints);
  out.json = cl.has("json");
  return out;
}

} // namespace strom
