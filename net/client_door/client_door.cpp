#include "net/client_door/client_door.hpp"

#include <caf/io/broker.hpp>
#include <caf/io/doorman.hpp>
#include <caf/io/middleman.hpp>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/client_door/client_door_session.hpp"
#include "net/door/door_tls.hpp"

namespace strom {

namespace {

caf::behavior client_door(caf::io::broker* self, caf::io::doorman_ptr doorman,
                          std::shared_ptr<const client_door_context> context, std::string host) {
  auto port = doorman->port();
  self->add_doorman(std::move(doorman));
  spdlog::info("client door listening on {}:{}{}", host, port, context->tls ? " (TLS)" : "");
  return {
    [self, context](const caf::io::new_connection_msg& msg) {
      auto session = self->fork(client_door_session, msg.handle, context);
      self->link_to(session);
    },
    [](const caf::io::acceptor_closed_msg&) {
      spdlog::warn("client door: listening socket closed");
    },
  };
}

} // namespace

caf::expected<caf::actor> start_client_door(caf::actor_system& sys,
                                            client_door_settings settings) {
  auto context = std::make_shared<client_door_context>();
  context->broker = settings.broker;
  context->advertised = std::move(settings.advertised);
  context->security = settings.security;
  if (const auto& security = settings.security) {
    auto made = door_tls_context(*security);
    if (!made)
      return make_error(made.error().code, made.error().message);
    context->tls = std::move(*made);
  }
  auto& mm = sys.middleman();
  // Bound here, before the door runs, so that a busy port fails the start.
  auto doorman = mm.backend().new_tcp_doorman(settings.port, settings.host.c_str(), true);
  if (!doorman)
    return std::move(doorman.error());
  return mm.spawn_broker(client_door, std::move(*doorman),
                         std::shared_ptr<const client_door_context>{std::move(context)},
                         settings.host);
}

} // namespace strom
