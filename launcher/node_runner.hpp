#pragma once
// The life of a node process, shared by `strom node` and the nodes benchmarks
// start: arguments, manifest, data dir, storage, services, signals, shutdown.
// A subcommand may add actors of its own once the services run.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "launcher/commands.hpp"
#include "launcher/manifest.hpp"
#include "launcher/node_storage.hpp"
#include "actors/controller/service/metadata_view.hpp"
#include "actors/security/security_view.hpp"
#include "net/cluster/node_services.hpp"
#include "net/door/door_security.hpp"

namespace strom {

struct node_context {
  caf::actor_system& sys;
  node_services& services;
  node_storage& storage;
  const manifest& cluster;
  const node_spec& self;
  // What the doors read to authenticate and authorize, published to by the
  // controller service; null when the manifest leaves security off.
  std::shared_ptr<security_view> security;
  // Actors the extension started; each gets an exit at shutdown.
  std::vector<caf::actor> owned;
  // Set by an extension that cannot run (a port it needs is taken): the
  // node stops at once, with a failure status.
  bool failed = false;
};

using node_extension = std::function<void(node_context&)>;

// The controller service and the partition replicas it runs (node_controller.cpp).
void host_controller(node_context& node);
// What a topic gets that its spec leaves out: the manifest's defaults.
topic_defaults topic_defaults_of(const manifest& m);
// The front doors whose ports the manifest gives this node (node_doors.cpp),
// one file each: node_doors.cpp (text), node_http_door.cpp, node_grpc_door.cpp,
// node_kafka_door.cpp, node_client_door.cpp.
void host_front_doors(node_context& node);
void host_http_door(node_context& node);
void host_grpc_door(node_context& node);
void host_kafka_door(node_context& node);
void host_client_door(node_context& node);
// What door `door` ("http", "text", ...) of this node needs to be secure,
// when the manifest turns security on.
std::optional<door_security> door_security_of(const node_context& node, const std::string& door);

// `command` names the subcommand in usage lines ("node", "bench raft-node").
int run_node_process(const args_list& args, const std::string& command,
                     const node_extension& extend);

} // namespace strom
