#pragma once
// What every command that talks to a running cluster takes: where the
// cluster is (--manifest FILE, or --bootstrap/-b HOST:PORT[,...] tried in
// turn), how long to wait for a node (--timeout-ms) and whether to print
// JSON (--json). The console, `strom topic|group|cluster`, `strom produce`
// and `strom consume` share them.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>

#include "launcher/command_line.hpp"
#include "net/client/admin_client.hpp"
#include "net/client/endpoint.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

inline constexpr std::chrono::milliseconds tool_timeout_ms_default{3000};

// Reports a usage problem (or the help, for an empty one); the exit status.
using usage_reporter = std::function<int(const std::string&)>;

using args_of_tool = std::vector<std::string>;

struct tool_connection {
  std::vector<endpoint> endpoints;
  std::chrono::milliseconds timeout_ms = tool_timeout_ms_default;
  bool json = false;
  // Set when the cluster's links are TLS (launcher/tool_credentials.hpp).
  std::optional<tls_files> tls;
  // Set for a user (STROM_USER): through the nodes' client doors instead.
  std::optional<door_credentials> door;
};

// --manifest, --bootstrap/-b, --timeout-ms, --json. `manifest_short`: the
// console keeps -m for --manifest; produce needs -m for its message.
std::vector<option_spec> connection_options(bool manifest_short);

// The connection the parsed options describe; nothing when they are wrong
// or the manifest is invalid, with the problem reported (usage text through
// `usage`, manifest errors on stderr) and the exit status in `status`.
std::optional<tool_connection> resolve_connection(const command_line& cl,
                                                  const usage_reporter& usage,
                                                  int& status);

// Parses the arguments of `strom COMMAND` and sets its logging up: an exit
// status when that is all there is to do (a usage problem, --help, a stray
// word), else nothing, with `cl` filled.
std::optional<int> parse_tool_arguments(const std::string& command, const args_of_tool& args,
                                        const std::vector<option_spec>& specs,
                                        const usage_reporter& usage, command_line& cl);

// The actor system and the admin client a tool talks to the cluster through.
class tool_client {
public:
  explicit tool_client(const tool_connection& connection)
      : config_(connection.tls, connection.door), system_(config_),
        admin_(system_, connection.endpoints, connection.timeout_ms) {}

  admin_client& admin() { return admin_; }

private:
  strom_config config_;
  caf::actor_system system_;
  admin_client admin_;
};

} // namespace strom
