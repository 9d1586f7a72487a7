// The broker's fourth job: a session actor per connected client
// (actors/session), and leaving the groups of a client that went away.

#include <chrono>

#include "actors/broker/broker_internal.hpp"
#include "actors/session/session.hpp"

namespace strom::broker_detail {

caf::result<session_actor> open_session(broker_ptr self, consumer_sink_actor& client,
                                        std::string& client_id) {
  auto& st = self->state;
  if (!st.groups)
    return still_starting(self, errc::coordinator_not_available);
  if (!client)
    return make_error(errc::bad_request, "a session needs the client's actor");
  session_settings s;
  s.self = st.settings.self.id;
  s.client = std::move(client);
  s.client_id = std::move(client_id);
  s.broker = self;
  s.groups = st.groups;
  return self->spawn(session, std::move(s));
}

// Best effort: the node that coordinates each group takes the leave, the
// others answer not_coordinator, and the session timeout is the fallback. A
// coordinator that loses its partition right then forgets the leave with
// the rest of its memory, so the leave goes out again until `rounds` are
// done; a member already gone gets unknown_member, which changes nothing.
void leave_everywhere(broker_ptr self, std::vector<member_ref>& members, int32_t rounds) {
  constexpr std::chrono::seconds leave_timeout{5};
  constexpr std::chrono::seconds between_rounds{2};
  if (rounds > 1)
    self->delayed_send(self, between_rounds, leave_group_atom::value, members, rounds - 1);
  for (const auto& m : members) {
    if (self->state.groups)
      self->request(self->state.groups, leave_timeout, leave_group_atom::value, m)
        .then([] {}, [](caf::error&) {});
    for (const auto& [id, peer] : self->state.peers)
      self->request(peer, leave_timeout, leave_group_atom::value, m).then([] {}, [](caf::error&) {});
  }
}

} // namespace strom::broker_detail
