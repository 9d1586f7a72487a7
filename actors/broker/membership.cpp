#include "actors/broker/membership.hpp"

namespace strom {

membership::membership(node_address self, const std::vector<node_address>& all_nodes)
    : self_(self.id) {
  for (const auto& address : all_nodes)
    members_[address.id] = member_info{address, false, false, 0, "never connected"};
  auto& me = members_[self.id];
  me.address = self;
  me.up = true;
  me.self = true;
  me.down_reason.clear();
}

bool membership::mark_up(node_id peer, int64_t now_unix_ms) {
  auto it = members_.find(peer);
  if (it == members_.end() || peer == self_ || it->second.up)
    return false;
  it->second.up = true;
  it->second.since_unix_ms = now_unix_ms;
  it->second.down_reason.clear();
  return true;
}

bool membership::mark_down(node_id peer, const std::string& reason, int64_t now_unix_ms) {
  auto it = members_.find(peer);
  if (it == members_.end() || peer == self_)
    return false;
  auto& m = it->second;
  // A peer never seen stays "down since 0" but keeps the latest reason.
  bool changed = m.up;
  if (m.up)
    m.since_unix_ms = now_unix_ms;
  m.up = false;
  m.down_reason = reason;
  return changed;
}

bool membership::is_up(node_id peer) const {
  auto it = members_.find(peer);
  return it != members_.end() && it->second.up;
}

size_t membership::peers_up() const {
  size_t n = 0;
  for (const auto& [id, m] : members_)
    n += (m.up && !m.self) ? 1 : 0;
  return n;
}

std::vector<member_info> membership::view() const {
  std::vector<member_info> out;
  for (const auto& [id, m] : members_)
    out.push_back(m);
  return out;
}

} // namespace strom
