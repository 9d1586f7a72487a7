#include "actors/controller/service/broker_liveness.hpp"

namespace strom {

namespace {

bool same_address(const node_address& a, const node_address& b) {
  return a.id == b.id && a.host == b.host && a.port == b.port;
}

} // namespace

std::vector<controller_command> liveness_commands(const topic_table& table,
                                                  const std::vector<node_address>& nodes,
                                                  const std::set<node_id>& up) {
  std::vector<controller_command> out;
  for (const auto& node : nodes) {
    bool alive = up.count(node.id) != 0;
    const auto* known = table.broker(node.id);
    if (known == nullptr || !same_address(known->address, node)) {
      out.emplace_back(register_broker_command{node});
      if (alive)
        continue;
    } else if (known->alive == alive) {
      continue;
    }
    set_broker_alive_command change;
    change.id = node.id;
    change.alive = alive;
    out.emplace_back(change);
  }
  return out;
}

} // namespace strom
