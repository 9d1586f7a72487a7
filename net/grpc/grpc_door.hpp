#pragma once
// The gRPC front door of a node: a grpc::Server on the node's grpc_port
// serving grpc_service, owned by a CAF actor of its own thread (detached),
// so that the node's exit message shuts the server down: the actor stops
// the service (streams end, held consumers leave their groups), then
// calls Shutdown with a grace period and waits for gRPC's threads, without
// holding one of CAF's workers.
//
//   start_grpc_door: binds (an error if it cannot), spawns the owner
//   its own timer -> owner: sweep, closing consumers idle too long, and
//                            grpc.health.v1's statuses refreshed

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "net/grpc/grpc_service.hpp"

namespace strom {

// The grpc.health.v1 service names the door answers besides "" (liveness).
inline constexpr const char* liveness_service_name = "healthz";
inline constexpr const char* readiness_service_name = "readyz";

// The owner, once the server listens on config.host:config.port (0: any
// free port; the bound one is in the log).
caf::expected<caf::actor> start_grpc_door(caf::actor_system& sys, grpc_door_settings settings);

} // namespace strom
