#include "net/kafka/kafka_door.hpp"

#include <caf/io/broker.hpp>
#include <caf/io/doorman.hpp>
#include <caf/io/middleman.hpp>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/door/door_tls.hpp"
#include "net/kafka/kafka_session.hpp"

namespace strom {

namespace {

struct kafka_door_state {
  static inline const char* name = "strom.kafka_door";
  kafka_session_context context;
};

using kafka_door_ptr = caf::io::stateful_broker<kafka_door_state>*;

caf::behavior kafka_door(kafka_door_ptr self, caf::io::doorman_ptr doorman,
                         kafka_door_settings settings, std::optional<tls_server_context> tls) {
  auto port = doorman->port();
  self->add_doorman(std::move(doorman));
  auto& ctx = self->state.context;
  ctx = {std::move(settings.config), settings.broker, std::move(settings.security),
         std::move(tls), std::make_shared<password_check>()};
  spdlog::info("kafka door listening on {}:{}{}", ctx.config.host, port,
               ctx.tls ? " (TLS)" : "");
  return {
    [self](const caf::io::new_connection_msg& msg) {
      auto session = self->fork(kafka_session, msg.handle, self->state.context);
      self->link_to(session);
    },
    [](const caf::io::acceptor_closed_msg&) {
      spdlog::warn("kafka door: listening socket closed");
    },
  };
}

} // namespace

caf::expected<caf::actor> start_kafka_door(caf::actor_system& sys, kafka_door_settings settings) {
  std::optional<tls_server_context> tls;
  if (settings.security) {
    auto made = door_tls_context(*settings.security);
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
  return mm.spawn_broker(kafka_door, std::move(*doorman), std::move(settings), std::move(tls));
}

} // namespace strom
