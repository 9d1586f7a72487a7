#pragma once
// Asks a node of a test cluster what it sees, through the admin client.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "net/cluster/system_config.hpp"
#include "net/client/admin_client.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {

// STROM_CLIENT_LOG=debug (any spdlog level) shows the client library's log
// in a test's output: a consumer's joins, syncs and heartbeat errors.
void client_log_from_env();

class cluster_view {
public:
  explicit cluster_view(const test_cluster& cluster) : cluster_(cluster), sys_(cfg_) {
    client_log_from_env();
  }

  // True when `observer` answers and reports `peer` in the state `up`.
  bool sees(node_id observer, node_id peer, bool up) {
    admin_client client{sys_, {cluster_.endpoint_of(observer)}, std::chrono::milliseconds{1000}};
    auto view = client.members();
    if (!view)
      return false;
    for (const auto& m : *view)
      if (m.address.id == peer)
        return m.up == up;
    return false;
  }

  // Every running node's metadata lists every node of the cluster as a
  // registered, alive broker (what topic creation places replicas on).
  bool brokers_alive(std::chrono::milliseconds timeout);

  // Every node's endpoint: a client's bootstrap list.
  std::vector<endpoint> endpoints() const;
  // Creates the topic, retrying while the controller is not ready; an
  // existing topic is fine. The last error when it never worked.
  caf::error create_topic(const topic_spec& spec, std::chrono::milliseconds timeout);

  // How many members `group` has, as its coordinator describes it; nothing
  // when no node could say (the coordinator is moving or loading).
  std::optional<size_t> group_members(const std::string& group);

  // A client of one door joins `group` (`open`), is seen in it, and goes
  // away (`close`) before or right after its first assignment: its member
  // must leave at once, not a session timeout later (45 s for the doors'
  // consumers). An empty string when it did; else what went wrong.
  std::string leaves_when_closed(const std::string& group, const std::function<void()>& open,
                                 const std::function<void()>& close);

  caf::actor_system& system() { return sys_; }

  // One request to the broker of node `id`: its answer, or the error.
  template <class T, class... Ts>
  caf::expected<T> ask(node_id id, std::chrono::milliseconds timeout, Ts&&... xs) {
    admin_client client{sys_, {cluster_.endpoint_of(id)}, std::chrono::milliseconds{5000}};
    auto broker = client.broker();
    if (!broker)
      return std::move(broker.error());
    caf::scoped_actor self{sys_};
    caf::expected<T> out{caf::sec::request_timeout};
    self->request(*broker, timeout, std::forward<Ts>(xs)...)
      .receive([&](T& value) { out = std::move(value); },
               [&](caf::error& err) { out = std::move(err); });
    return out;
  }

private:
  const test_cluster& cluster_;
  strom_config cfg_;
  caf::actor_system sys_;
};

} // namespace strom::testing
