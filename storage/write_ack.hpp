#pragma once
// What the writer tells a caller once its request is durable (writer.hpp).

#include <functional>

#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom::storage {

struct write_ack {
  group_id group;
  // The group's last log index after the request, durable; 0 if the log is empty.
  raft_index last_index;
};

// Called on a storage thread (the writer's, or under fsync=always the one
// that settles commits): keep it short (post a message, set a promise).
using write_callback = std::function<void(result<write_ack>)>;

} // namespace strom::storage
