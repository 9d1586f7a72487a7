#pragma once
// Which peers this node can reach right now, as its links report them. Pure:
// the broker actor owns one and feeds it what the links observe.

#include <cstdint>
#include <map>
#include <vector>

#include "messages/cluster_types.hpp"

namespace strom {

class membership {
public:
  membership(node_address self, const std::vector<node_address>& all_nodes);

  // Each returns whether the view changed, so that only changes are logged.
  bool mark_up(node_id peer, int64_t now_unix_ms);
  bool mark_down(node_id peer, const std::string& reason, int64_t now_unix_ms);

  bool is_up(node_id peer) const;
  bool knows(node_id peer) const { return members_.count(peer) > 0; }
  size_t peers_up() const;
  size_t peer_count() const { return members_.size() - 1; }
  std::vector<member_info> view() const;

private:
  node_id self_;
  std::map<node_id, member_info> members_;
};

} // namespace strom
