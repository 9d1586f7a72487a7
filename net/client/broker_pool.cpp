#include "net/client/broker_pool.hpp"

#include <caf/io/middleman.hpp>

#include "messages/error_category.hpp"
#include "net/cluster/system_config.hpp"
#include "net/client/broker_connect.hpp"
#include "net/client/door_link.hpp"

namespace strom {

void broker_pool::with(const endpoint& e, callback then) {
  auto key = e.to_string();
  if (auto it = brokers_.find(key); it != brokers_.end())
    return then(it->second);
  auto& waiting = connecting_[key];
  waiting.push_back(std::move(then));
  if (waiting.size() > 1)
    return;
  if (const auto* credentials = door_credentials_of(self_->system()))
    return connect_through_door(e, *credentials);
  auto mm = link_middleman(self_->system());
  self_->request(mm, connect_timeout_ms_, caf::connect_atom::value, e.host, e.port)
    .then(
      [=](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>& ifs) {
        connected(e, to_broker(self_->system(), e, std::move(ptr), ifs));
      },
      [=](caf::error& err) {
        connected(e, make_error(errc::unreachable, e.to_string() + ": " + describe(err)));
      });
}

// The door's login blocks: a detached connector does it on its own thread.
void broker_pool::connect_through_door(const endpoint& e, const door_credentials& credentials) {
  auto connector =
    self_->spawn<caf::detached>(door_connector, e, credentials, connect_timeout_ms_);
  self_->request(connector, 2 * connect_timeout_ms_, connect_atom::value)
    .then([=](broker_actor& broker) { connected(e, std::move(broker)); },
          [=](caf::error& err) {
            // A refusal (wrong password) is the caller's to see as it is.
            if (lost_connection(err))
              err = make_error(errc::unreachable, e.to_string() + ": " + describe(err));
            connected(e, std::move(err));
          });
}

void broker_pool::connected(const endpoint& e, caf::expected<broker_actor> outcome) {
  auto key = e.to_string();
  if (outcome) {
    self_->monitor(*outcome);
    brokers_[key] = *outcome;
  }
  auto waiting = std::move(connecting_[key]);
  connecting_.erase(key);
  for (auto& then : waiting)
    then(outcome);
}

void broker_pool::drop(const endpoint& e) {
  auto it = brokers_.find(e.to_string());
  if (it == brokers_.end())
    return;
  self_->demonitor(caf::actor_cast<caf::actor_addr>(it->second));
  brokers_.erase(it);
}

bool broker_pool::on_down(const caf::down_msg& msg) {
  for (auto it = brokers_.begin(); it != brokers_.end(); ++it)
    if (msg.source == caf::actor_cast<caf::actor_addr>(it->second)) {
      brokers_.erase(it);
      return true;
    }
  return false;
}

} // namespace strom
