#include "net/cluster/peer_link.hpp"

#include <set>

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/node_id.hpp>
#include <caf/atom.hpp>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/cluster/system_config.hpp"

namespace strom {

namespace {

using link_ptr = caf::stateful_actor<peer_link_state>*;

void connect(link_ptr self);
void ping(link_ptr self);

std::string peer_name(link_ptr self) {
  const auto& p = self->state.settings.peer;
  return "node " + std::to_string(p.id.value()) + " at " + p.to_string();
}

// Gives up on the current connection: a dialler tries again after the next
// backoff, the dialled side waits for the peer's next contact.
void fail(link_ptr self, const std::string& reason) {
  auto& st = self->state;
  if (st.remote)
    self->demonitor(caf::actor_cast<caf::actor_addr>(st.remote));
  st.remote = nullptr;
  st.pings_missed = 0;
  self->send(st.settings.broker, peer_down_atom::value, st.settings.peer.id, reason);
  ++st.epoch;
  if (!st.settings.dials) {
    spdlog::debug("{}: {}; waiting for it to dial again", peer_name(self), reason);
    return;
  }
  auto delay = st.backoff.next();
  spdlog::debug("{}: {}; retrying in {} ms", peer_name(self), reason, delay.count());
  self->delayed_send(self, delay, connect_atom::value, st.epoch);
}

// Pings `remote` from now on, in place of whatever came before.
void adopt(link_ptr self, broker_actor remote) {
  auto& st = self->state;
  if (st.remote)
    self->demonitor(caf::actor_cast<caf::actor_addr>(st.remote));
  st.remote = std::move(remote);
  st.pings_missed = 0;
  ++st.epoch;
  self->monitor(st.remote);
  ping(self);
}

// The peer dialled this node and pinged its broker: ping back through it.
void on_contact(link_ptr self, broker_actor& remote) {
  auto& st = self->state;
  if (st.settings.dials || !remote || remote == st.remote)
    return;
  spdlog::debug("{} dialled this node", peer_name(self));
  adopt(self, std::move(remote));
}

void on_connected(link_ptr self, caf::strong_actor_ptr ptr, const std::set<std::string>& ifs) {
  if (!ptr)
    return fail(self, "no broker is published there");
  if (ifs != self->system().message_types<broker_actor>())
    return fail(self, "speaks another interface (a different strom version?)");
  adopt(self, caf::actor_cast<broker_actor>(ptr));
}

void connect(link_ptr self) {
  auto& st = self->state;
  auto epoch = ++st.epoch;
  auto mm = link_middleman(self->system());
  self->request(mm, st.settings.config.connect_timeout_ms, caf::connect_atom::value,
                st.settings.peer.host, st.settings.peer.port)
    .then(
      [=](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>& ifs) {
        if (epoch == self->state.epoch)
          on_connected(self, std::move(ptr), ifs);
      },
      [=](caf::error& err) {
        if (epoch == self->state.epoch)
          fail(self, "cannot connect: " + describe(err));
      });
}

void on_pong(link_ptr self, const ping_reply& reply) {
  auto& st = self->state;
  if (reply.id != st.settings.peer.id)
    return fail(self, "the address answers as node " + std::to_string(reply.id.value()));
  st.pings_missed = 0;
  st.backoff.reset();
  self->send(st.settings.broker, peer_up_atom::value, st.settings.peer.id, st.remote);
  self->delayed_send(self, st.settings.config.ping_interval_ms, tick_atom::value, st.epoch);
}

void on_ping_error(link_ptr self, const caf::error& err) {
  auto& st = self->state;
  // The peer answered but refuses us: misconfigured, not slow.
  if (is_strom_error(err))
    return fail(self, describe(err));
  if (++st.pings_missed >= st.settings.config.pings_missed_max)
    return fail(self, "no answer to " + std::to_string(st.pings_missed) + " pings");
  self->delayed_send(self, st.settings.config.ping_interval_ms, tick_atom::value, st.epoch);
}

void ping(link_ptr self) {
  auto& st = self->state;
  auto epoch = st.epoch;
  self->request(st.remote, st.settings.config.ping_timeout_ms, ping_atom::value,
                st.settings.self.id, st.settings.cluster_name,
                caf::actor_cast<caf::actor>(st.settings.broker))
    .then(
      [=](const ping_reply& reply) {
        if (epoch == self->state.epoch)
          on_pong(self, reply);
      },
      [=](caf::error& err) {
        if (epoch == self->state.epoch)
          on_ping_error(self, err);
      });
}

} // namespace

caf::behavior peer_link(caf::stateful_actor<peer_link_state>* self, peer_link_settings settings) {
  auto seed = static_cast<uint32_t>(settings.self.id.value() * 7919 + settings.peer.id.value());
  self->state.backoff = exponential_backoff{settings.config.reconnect, seed};
  self->state.settings = std::move(settings);
  self->set_down_handler([=](const caf::down_msg& msg) {
    if (self->state.remote && msg.source == caf::actor_cast<caf::actor_addr>(self->state.remote))
      fail(self, "connection lost (" + describe(msg.reason) + ")");
  });
  self->set_default_handler(caf::drop);
  const auto& s = self->state.settings;
  if (s.dials)
    self->send(self, connect_atom::value, self->state.epoch);
  else
    self->send(s.broker, peer_down_atom::value, s.peer.id,
               "waiting to be dialled by node " + std::to_string(s.peer.id.value())
                 + " (of two nodes, the lower id dials)");
  return {
    [=](connect_atom, uint64_t epoch) {
      if (epoch == self->state.epoch)
        connect(self);
    },
    [=](tick_atom, uint64_t epoch) {
      if (epoch == self->state.epoch && self->state.remote)
        ping(self);
    },
    [=](contact_atom, broker_actor& remote) { on_contact(self, remote); },
  };
}

} // namespace strom
