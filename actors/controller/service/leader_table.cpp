#include "actors/controller/service/leader_table.hpp"

namespace strom {

void leader_table::observe_local(group_id group, node_id leader, term_id term) {
  auto it = leaders_.find(group);
  if (it != leaders_.end() && it->second.second > term)
    return;
  leaders_[group] = {leader, term};
  reported_by_.erase(group);
}

void leader_table::merge(node_id from, const std::vector<leader_report>& reports) {
  for (const auto& r : reports) {
    auto it = leaders_.find(r.group);
    if (it != leaders_.end()) {
      auto [leader, term] = it->second;
      bool newer = r.term > term || (r.term == term && leader.value() < 0);
      if (!newer)
        continue;
    }
    leaders_[r.group] = {r.leader, r.term};
    reported_by_[r.group] = from;
  }
}

void leader_table::forget(node_id node) {
  for (auto it = reported_by_.begin(); it != reported_by_.end();) {
    if (it->second == node) {
      leaders_.erase(it->first);
      it = reported_by_.erase(it);
    } else {
      ++it;
    }
  }
}

void leader_table::erase(group_id group) {
  leaders_.erase(group);
  reported_by_.erase(group);
}

std::vector<leader_report> leader_table::led_by(node_id node) const {
  std::vector<leader_report> out;
  for (const auto& [group, entry] : leaders_)
    if (entry.first == node && reported_by_.count(group) == 0)
      out.push_back(leader_report{group, entry.first, entry.second});
  return out;
}

} // namespace strom
