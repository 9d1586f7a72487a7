#include "net/door/node_readiness.hpp"

#include "net/door/door_client.hpp"

namespace strom {

namespace {

std::string counted(int64_t n, const char* what) {
  return std::to_string(n) + " " + what;
}

} // namespace

node_readiness judge_readiness(const cluster_metadata& cluster,
                               const metrics::replica_totals& replicas) {
  node_readiness out;
  size_t alive = 0;
  for (const auto& b : cluster.brokers)
    alive += b.alive ? 1 : 0;
  if (cluster.brokers.empty() || alive * 2 <= cluster.brokers.size())
    out.reasons.push_back("not joined: " + std::to_string(alive) + " of " +
                          std::to_string(cluster.brokers.size()) + " nodes reachable");
  if (cluster.controller_leader.value() < 0)
    out.reasons.push_back("no controller leader known");
  else if (cluster.controller_applied.value() <= 0)
    out.reasons.push_back("the controller's table not received yet");
  if (replicas.without_leader > 0)
    out.reasons.push_back(counted(replicas.without_leader, "replicas without a leader"));
  if (replicas.catching_up > 0)
    out.reasons.push_back(counted(replicas.catching_up, "replicas catching up"));
  out.ready = out.reasons.empty();
  return out;
}

node_readiness check_readiness(door_client& client) {
  auto md = client.ask_broker<cluster_metadata>(metadata_atom::value, std::vector<std::string>{});
  auto totals = metrics::replicas().totals(metrics::steady_now_ms());
  if (!md)
    return {false, {"the node's broker did not answer: " + caf::to_string(md.error())}};
  return judge_readiness(*md, totals);
}

} // namespace strom
