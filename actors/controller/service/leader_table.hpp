#pragma once
// Who leads each raft group, as this node knows it: from its own replicas
// (the groups it holds) and from what the other nodes report of the groups
// they lead (Redpanda's leaders table, filled by metadata dissemination).
// Without the reports a node could name no leader for a partition it holds
// no replica of, and a client asking it would see that partition as
// unavailable. Pure.
//
//   local replica  -> observe_local(group, leader, term)
//   another node   -> merge(from, reports): newer terms win
//   node down      -> forget(node): what only it reported is dropped
//   pushing        -> led_by(self): the reports this node sends

#include <map>
#include <vector>

#include "actors/controller/service/metadata_view.hpp"
#include "messages/metadata_types.hpp"

namespace strom {

class leader_table {
public:
  // A local replica's word is taken unless a newer term is known; it may
  // name no leader.
  void observe_local(group_id group, node_id leader, term_id term);
  // A remote report counts only for a newer term, or the same term when no
  // leader is known here yet; a local replica's newer word is never undone.
  void merge(node_id from, const std::vector<leader_report>& reports);
  // The node is down: the leaders learned only from its reports go, since
  // nothing would correct them (its replication-1 groups have no leader now).
  void forget(node_id node);
  // The group is gone from this node (its topic deleted).
  void erase(group_id group);

  std::vector<leader_report> led_by(node_id node) const;
  const leader_map& leaders() const { return leaders_; }

private:
  leader_map leaders_;
  // The groups whose entry came from another node's report, with that node.
  std::map<group_id, node_id> reported_by_;
};

} // namespace strom
