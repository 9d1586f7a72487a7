#include "net/grpc/grpc_door.hpp"

#include <memory>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <grpc/grpc.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/grpc/grpc_atoms.hpp"
#include "net/grpc/grpc_auth.hpp"
#include "net/grpc/grpc_metrics.hpp"

namespace strom {

namespace {

struct grpc_server_parts {
  // The service outlives the server that calls it: declared first.
  std::shared_ptr<grpc_service> service;
  std::unique_ptr<grpc::Server> server;
};

struct grpc_door_state {
  static inline const char* name = "strom.grpc_door";
  grpc_server_parts parts;
  std::chrono::milliseconds sweep_interval_ms{1000};
  std::chrono::milliseconds shutdown_grace_ms{2000};
};

using grpc_door_ptr = caf::stateful_actor<grpc_door_state>*;

void shut_down(grpc_door_state& st) {
  if (!st.parts.server)
    return;
  st.parts.service->stop();
  st.parts.server->Shutdown(std::chrono::system_clock::now() + st.shutdown_grace_ms);
  st.parts.server->Wait();
  st.parts.server.reset();
}

// grpc.health.v1 answers "" and "healthz" SERVING while the door serves
// (liveness), and "readyz" SERVING once the node is ready (node_readiness),
// refreshed every sweep.
void report_health(grpc_server_parts& parts) {
  auto* health = parts.server ? parts.server->GetHealthCheckService() : nullptr;
  if (health == nullptr)
    return;
  health->SetServingStatus("", true);
  health->SetServingStatus(liveness_service_name, true);
  health->SetServingStatus(readiness_service_name, parts.service->readiness().ready);
}

caf::behavior grpc_door(grpc_door_ptr self, grpc_server_parts parts, grpc_door_config config) {
  auto& st = self->state;
  st.parts = std::move(parts);
  st.sweep_interval_ms = config.idle_sweep_interval_ms;
  st.shutdown_grace_ms = config.shutdown_grace_ms;
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    shut_down(self->state);
    self->quit(msg.reason);
  });
  report_health(st.parts);
  self->delayed_send(self, st.sweep_interval_ms, grpc_sweep_atom::value);
  return {
    [self](grpc_sweep_atom) {
      self->state.parts.service->sweep_idle();
      report_health(self->state.parts);
      self->delayed_send(self, self->state.sweep_interval_ms, grpc_sweep_atom::value);
    },
  };
}

caf::expected<grpc_server_parts> build_server(caf::actor_system& sys,
                                              grpc_door_settings settings) {
  const auto config = settings.config;
  auto credentials = grpc_server_credentials(settings.security);
  bool tls = settings.security.has_value();
  grpc_server_parts parts;
  parts.service = std::make_shared<grpc_service>(sys, std::move(settings));
  auto address = config.host + ":" + std::to_string(config.port);
  int bound_port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, credentials, &bound_port);
  // A port another process holds must fail the start, not be shared.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config.request_bytes_max));
  builder.RegisterService(parts.service.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> counters;
  counters.push_back(make_call_counter());
  builder.experimental().SetInterceptorCreators(std::move(counters));
  // grpc.health.v1 (health_service_names): gRPC's own implementation.
  grpc::EnableDefaultHealthCheckService(true);
  parts.server = builder.BuildAndStart();
  if (!parts.server || bound_port == 0) {
    parts.service->stop();
    return make_error(errc::unreachable, "gRPC cannot listen on " + address);
  }
  spdlog::info("grpc door listening on {}:{}{}", config.host, bound_port, tls ? " (TLS)" : "");
  return parts;
}

} // namespace

caf::expected<caf::actor> start_grpc_door(caf::actor_system& sys, grpc_door_settings settings) {
  auto config = settings.config;
  auto parts = build_server(sys, std::move(settings));
  if (!parts)
    return std::move(parts.error());
  // Detached: its exit waits for gRPC's threads, on a thread of its own.
  return sys.spawn<caf::detached>(grpc_door, std::move(*parts), std::move(config));
}

} // namespace strom
