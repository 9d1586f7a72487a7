#include "launcher/cluster_watch.hpp"

#include <thread>

#include "net/client/admin_client.hpp"

namespace strom {

namespace {

constexpr std::chrono::milliseconds poll_interval_ms{200};
constexpr std::chrono::milliseconds request_timeout_ms{1000};

bool sees_everyone(admin_client& client, size_t node_count) {
  auto view = client.members();
  if (!view || view->size() != node_count)
    return false;
  for (const auto& m : *view)
    if (!m.up)
      return false;
  return true;
}

} // namespace

bool wait_until_connected(caf::actor_system& sys, const manifest& m,
                          const std::vector<node_id>& local_nodes,
                          const std::atomic<bool>& cancel, std::chrono::milliseconds deadline_ms) {
  std::vector<admin_client> clients;
  for (auto id : local_nodes) {
    const auto* n = m.find(id);
    clients.emplace_back(sys, std::vector<endpoint>{{n->host, n->port}}, request_timeout_ms);
  }
  auto give_up = std::chrono::steady_clock::now() + deadline_ms;
  while (!cancel && std::chrono::steady_clock::now() < give_up) {
    bool all = true;
    for (auto& c : clients)
      all = all && sees_everyone(c, m.nodes.size());
    if (all)
      return true;
    std::this_thread::sleep_for(poll_interval_ms);
  }
  return false;
}

} // namespace strom
