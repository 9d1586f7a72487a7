#include "actors/broker/heartbeat_outbox.hpp"

#include <utility>

namespace strom {

bool heartbeat_outbox::coalesces(const raft::message& m) {
  return m.type == raft::message_type::heartbeat ||
         m.type == raft::message_type::heartbeat_response;
}

heartbeat_outbox::added heartbeat_outbox::add(node_id to, group_id group, raft::message m) {
  bool was_empty = pending_.empty();
  auto& bundle = pending_[to];
  bundle.push_back(raft::grouped_message{group, std::move(m)});
  if (bundle.size() >= bundle_messages_max)
    return added::full;
  return was_empty ? added::first : added::buffered;
}

raft::message_bundle heartbeat_outbox::take(node_id to) {
  auto it = pending_.find(to);
  if (it == pending_.end())
    return {};
  auto bundle = std::move(it->second);
  pending_.erase(it);
  return bundle;
}

std::map<node_id, raft::message_bundle> heartbeat_outbox::take_all() {
  return std::exchange(pending_, {});
}

} // namespace strom
