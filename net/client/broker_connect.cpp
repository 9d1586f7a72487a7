#include "net/client/broker_connect.hpp"

#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>

#include "messages/error_category.hpp"
#include "net/client/door_link.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

caf::expected<broker_actor> to_broker(caf::actor_system& sys, const endpoint& e,
                                      caf::strong_actor_ptr ptr,
                                      const std::set<std::string>& interfaces) {
  if (!ptr)
    return make_error(errc::unreachable, e.to_string() + " publishes no broker");
  if (interfaces != sys.message_types<broker_actor>())
    return make_error(errc::unreachable,
                      e.to_string() + " is not a strom broker of this version");
  return caf::actor_cast<broker_actor>(ptr);
}

bool lost_connection(const caf::error& err) {
  return !is_strom_error(err) || code_of(err) == errc::unreachable;
}

caf::expected<broker_actor> connect_broker(caf::actor_system& sys, const endpoint& e,
                                           std::chrono::milliseconds timeout_ms) {
  if (const auto* credentials = door_credentials_of(sys))
    return connect_door(sys, e, *credentials, timeout_ms);
  caf::scoped_actor self{sys};
  caf::expected<broker_actor> out{caf::sec::cannot_connect_to_node};
  self->request(link_middleman(sys), timeout_ms, caf::connect_atom::value, e.host,
                e.port)
    .receive(
      [&](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>& ifs) {
        out = to_broker(sys, e, std::move(ptr), ifs);
      },
      [&](caf::error& err) {
        out = make_error(errc::unreachable, e.to_string() + ": " + describe(err));
      });
  return out;
}

} // namespace strom
