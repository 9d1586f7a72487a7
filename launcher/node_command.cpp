// The life of a node process (see node_runner.hpp), and `strom node`.

#include <chrono>
#include <iostream>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "net/cluster/system_config.hpp"
#include "launcher/command_line.hpp"
#include "launcher/commands.hpp"
#include "launcher/data_dir.hpp"
#include "launcher/exit_codes.hpp"
#include "launcher/logging.hpp"
#include "launcher/manifest_loader.hpp"
#include "launcher/node_runner.hpp"
#include "launcher/signals.hpp"
#include "net/client/endpoint.hpp"
#include "net/cluster/node_services.hpp"
#include "net/tls/tls_check.hpp"

namespace strom {

namespace {

// A node that has not stopped this long after SIGINT/SIGTERM is forced out, so
// that an operator's stop is always prompt.
constexpr std::chrono::milliseconds shutdown_deadline_ms{4500};

const std::vector<option_spec> node_options = with_logging_options({
  {"manifest", 'm', true, "the cluster manifest (YAML)"},
  {"id", 'i', true, "this node's id in the manifest"},
  {"bind", 0, true,
   "HOST:PORT to listen on when it is not the manifest's address (behind a port mapping)"},
  {"route", 0, true,
   "N=HOST:PORT,...: dial peer N there instead of at its manifest address"},
  {"help", 'h', false, "show this help"},
});

int usage(const std::string& command, const std::string& problem) {
  return report_usage(command, problem,
                      "--manifest FILE --id N [--bind HOST:PORT] [--route N=HOST:PORT,...] "
                      "[--log-level LEVEL] [--log-format text|json]",
                      node_options);
}

result<node_address> parse_address(node_id id, const std::string& text) {
  auto at = parse_endpoint(text);
  if (!at)
    return at.error();
  return node_address{id, at->host, at->port};
}

// "2=10.0.0.2:9302,3=10.0.0.3:9303" -> a route per peer.
result<std::map<node_id, node_address>> parse_peer_routes(const std::string& list) {
  std::map<node_id, node_address> out;
  for (const auto& item : split_commas(list)) {
    auto eq = item.find('=');
    auto id = eq == std::string::npos ? std::nullopt : parse_integer(item.substr(0, eq));
    if (!id || *id < 0 || *id > INT32_MAX)
      return error{errc::bad_request, "--route takes N=HOST:PORT items, got '" + item + "'"};
    node_id peer{static_cast<int32_t>(*id)};
    auto address = parse_address(peer, item.substr(eq + 1));
    if (!address)
      return address.error();
    out[peer] = *address;
  }
  return out;
}

result<node_routes> parse_routes(const command_line& cl, const manifest& m,
                                 const node_spec& self) {
  node_routes out;
  if (auto bind = cl.get("bind")) {
    auto address = parse_address(self.id, *bind);
    if (!address)
      return address.error();
    out.bind = *address;
  }
  if (auto routes = cl.get("route")) {
    auto peers = parse_peer_routes(*routes);
    if (!peers)
      return peers.error();
    for (const auto& [id, address] : *peers)
      if (id == self.id || m.find(id) == nullptr)
        return error{errc::bad_request, "--route names node " + std::to_string(id.value())
                                          + ", which is not a peer in " + m.path};
    out.peers = std::move(*peers);
  }
  return out;
}

void arm_shutdown_deadline() {
  std::thread{[] {
    std::this_thread::sleep_for(shutdown_deadline_ms);
    spdlog::error("shutdown took longer than {} ms; exiting now", shutdown_deadline_ms.count());
    spdlog::default_logger()->flush();
    std::_Exit(exit_code::failure);
  }}.detach();
}

// Lines name the node once --id is a number; before that, the command.
log_source log_source_of(const command_line& cl, const std::string& command) {
  auto id = parse_integer(cl.get("id").value_or(""));
  if (id && *id >= 0 && *id <= INT32_MAX)
    return log_source::of_node(node_id{static_cast<int32_t>(*id)});
  return log_source::of_command(command);
}

broker_settings settings_for(const manifest& m, const node_spec& self) {
  return broker_settings{m.cluster_name, self.address(), m.addresses()};
}

void stop_node(caf::actor_system& sys, node_context& context) {
  for (auto& actor : context.owned)
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  stop_node_services(sys, context.services);
}

// This node's peer TLS files, when the manifest turns security on.
std::optional<tls_files> peer_tls(const manifest& m, const node_spec& self) {
  if (!m.security)
    return std::nullopt;
  return m.security->peer_of(self.id);
}

// Both sets of this node's files, each problem logged: false if any.
bool tls_usable(const manifest& m, const node_spec& self) {
  if (!m.security)
    return true;
  auto node = "node " + std::to_string(self.id.value());
  auto problems = check_tls_files(m.security->peer_of(self.id), node + " peer TLS");
  for (auto& p : check_tls_files(m.security->client_of(self.id), node + " TLS"))
    problems.push_back(std::move(p));
  for (const auto& p : problems)
    spdlog::error("{}", p);
  return problems.empty();
}

int serve(const manifest& m, const node_spec& self, const node_routes& routes,
          node_storage& store, const node_extension& extend) {
  auto signals = block_shutdown_signals();
  strom_config cfg{peer_tls(m, self)};
  caf::actor_system sys{cfg};
  auto services = start_node_services(sys, settings_for(m, self), link_config{}, routes);
  auto bound = routes.bind ? *routes.bind : self.address();
  if (!services) {
    spdlog::error("node {}: cannot listen on {}: {}", self.id.value(), bound.to_string(),
                  sys.render(services.error()));
    return exit_code::failure;
  }
  node_context context{sys, *services, store, m, self, {}, {}};
  if (m.security)
    context.security = std::make_shared<security_view>(m.security->super_users,
                                                       m.security->authorization);
  if (extend)
    extend(context);
  if (context.failed) {
    stop_node(sys, context);
    return exit_code::failure;
  }
  spdlog::info("node {} of cluster '{}' listening on {}{}, {} peers", self.id.value(),
               m.cluster_name, bound.to_string(), m.security ? " (mutual TLS)" : "",
               m.nodes.size() - 1);
  auto sig = wait_for_shutdown_signal(signals);
  spdlog::info("node {}: {} received, shutting down", self.id.value(),
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  arm_shutdown_deadline();
  stop_node(sys, context);
  return exit_code::ok;
}

} // namespace

int run_node(const args_list& args) {
  return run_node_process(args, "node", [](node_context& node) {
    host_controller(node);
    host_front_doors(node);
  });
}

int run_node_process(const args_list& args, const std::string& command,
                     const node_extension& extend) {
  auto cl = parse_command_line(args, node_options);
  if (auto logs = setup_logging(cl, log_source_of(cl, command)); !logs)
    return usage(command, logs.error().message);
  if (!cl.error.empty())
    return usage(command, cl.error);
  if (cl.has("help"))
    return usage(command, "");
  if (!cl.has("manifest") || !cl.has("id"))
    return usage(command, "--manifest and --id are required");
  if (!cl.positional.empty())
    return usage(command, "unexpected argument '" + cl.positional.front() + "'");
  auto id = parse_integer(*cl.get("id"));
  if (!id)
    return usage(command, "--id must be a node id, got '" + *cl.get("id") + "'");
  auto m = load_manifest_or_report(*cl.get("manifest"));
  if (!m)
    return exit_code::invalid_manifest;
  const auto* self = m->find(node_id{static_cast<int32_t>(*id)});
  if (self == nullptr) {
    std::cerr << "strom " << command << ": node " << *id << " is not in " << m->path << "\n";
    return exit_code::invalid_manifest;
  }
  if (!tls_usable(*m, *self))
    return exit_code::tls_unusable;
  auto routes = parse_routes(cl, *m, *self);
  if (!routes)
    return usage(command, routes.error().message);
  auto dir = open_data_dir(self->data_dir);
  if (!dir) {
    spdlog::error("{}", dir.error().describe());
    return exit_code::failure;
  }
  auto store = open_node_storage(*m, *self);
  if (!store) {
    spdlog::error("node {}: {}", self->id.value(), store.error().describe());
    return exit_code::failure;
  }
  spdlog::info("node {}: storage open in {} (fsync {})", self->id.value(), self->data_dir,
               to_string(m->defaults.fsync));
  auto status = serve(*m, *self, *routes, *store, extend);
  // Everything acknowledged is on disk before the process ends.
  store->writer->stop();
  spdlog::info("node {} stopped", self->id.value());
  return status;
}

} // namespace strom
