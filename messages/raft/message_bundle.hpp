#pragma once
// Raft messages of many groups bound for one node, sent as one remote
// message. A node pair's heartbeats and their answers travel this way, so
// that thousands of idle partitions cost a node pair a few messages per
// tick rather than thousands (each remote message has a fixed cost in
// framing, serialization and dispatch that a heartbeat's few fields do not
// justify).

#include <vector>

#include "messages/raft/message.hpp"
#include "messages/types.hpp"

namespace strom::raft {

struct grouped_message {
  group_id group;
  message msg;

  template <class Inspector>
  friend auto inspect(Inspector& f, grouped_message& x) {
    return f(x.group, x.msg);
  }
};

using message_bundle = std::vector<grouped_message>;

} // namespace strom::raft
