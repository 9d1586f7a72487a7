#include "net/text/text_door.hpp"

#include <caf/io/broker.hpp>
#include <caf/io/doorman.hpp>
#include <caf/io/middleman.hpp>
#include <spdlog/spdlog.h>

#include "net/client/producer_actor.hpp"
#include "messages/error_category.hpp"
#include "net/door/door_tls.hpp"
#include "net/text/text_session.hpp"

namespace strom {

namespace {

struct text_door_state {
  static inline const char* name = "strom.text_door";
  text_session_context context;
};

using text_door_ptr = caf::io::stateful_broker<text_door_state>*;

producer_config door_producer_config(const text_door_config& config) {
  producer_config p;
  p.delivery_timeout_ms = config.publish_timeout_ms;
  return p;
}

caf::behavior text_door(text_door_ptr self, caf::io::doorman_ptr doorman,
                        text_door_settings settings, std::optional<tls_server_context> tls) {
  auto port = doorman->port();
  self->add_doorman(std::move(doorman));
  auto& ctx = self->state.context;
  ctx.config = settings.config;
  ctx.broker = settings.broker;
  ctx.bootstrap = {settings.broker_endpoint};
  ctx.security = settings.security;
  ctx.tls = std::move(tls);
  ctx.passwords = std::make_shared<password_check>();
  // One producer for every session: records of all connections batch together.
  ctx.producer = self->spawn<caf::linked>(producer_actor, ctx.bootstrap,
                                          door_producer_config(settings.config));
  spdlog::info("text door listening on {}:{}{}", settings.config.host, port,
               ctx.tls ? " (TLS)" : "");
  return {
    [self](const caf::io::new_connection_msg& msg) {
      auto session = self->fork(text_session, msg.handle, self->state.context);
      self->link_to(session);
    },
    [](const caf::io::acceptor_closed_msg&) { spdlog::warn("text door: listening socket closed"); },
  };
}

} // namespace

caf::expected<caf::actor> start_text_door(caf::actor_system& sys, text_door_settings settings) {
  std::optional<tls_server_context> tls;
  if (const auto& security = settings.security) {
    auto made = door_tls_context(*security);
    if (!made)
      return make_error(made.error().code, made.error().message);
    tls = std::move(*made);
  }
  auto& mm = sys.middleman();
  // Bound here, before the door runs, so that a busy port fails the start.
  auto doorman = mm.backend().new_tcp_doorman(settings.config.port,
                                               settings.config.host.c_str(), true);
  if (!doorman)
    return std::move(doorman.error());
  return mm.spawn_broker(text_door, std::move(*doorman), std::move(settings), std::move(tls));
}

} // namespace strom
