#include "net/http/http_door.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <spdlog/spdlog.h>

namespace strom {

namespace {

using http_sweep_atom = caf::atom_constant<caf::atom("httpsweep")>;

struct http_door_state {
  static inline const char* name = "strom.http_door";
  std::unique_ptr<http_server> server;
  std::chrono::milliseconds sweep_interval_ms{1000};
};

using http_door_ptr = caf::stateful_actor<http_door_state>*;

caf::behavior http_door(http_door_ptr self, std::shared_ptr<std::unique_ptr<http_server>> server,
                        std::chrono::milliseconds sweep_interval_ms) {
  auto& st = self->state;
  st.server = std::move(*server);
  st.sweep_interval_ms = sweep_interval_ms;
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    self->state.server.reset(); // stops it
    self->quit(msg.reason);
  });
  self->delayed_send(self, st.sweep_interval_ms, http_sweep_atom::value);
  return {
    [self](http_sweep_atom) {
      self->state.server->sweep_idle();
      self->delayed_send(self, self->state.sweep_interval_ms, http_sweep_atom::value);
    },
  };
}

} // namespace

caf::expected<caf::actor> start_http_door(caf::actor_system& sys, http_door_settings settings) {
  auto sweep_interval_ms = settings.config.consumer_sweep_interval_ms;
  auto host = settings.config.host;
  auto server = http_server::start(sys, std::move(settings));
  if (!server)
    return std::move(server.error());
  spdlog::info("http door listening on {}:{}", host, (*server)->port());
  // A unique_ptr is no message element: handed over in a shared holder.
  auto holder = std::make_shared<std::unique_ptr<http_server>>(std::move(*server));
  // Detached: its exit waits for the door's threads, on a thread of its own.
  return sys.spawn<caf::detached>(http_door, std::move(holder), sweep_interval_ms);
}

} // namespace strom
