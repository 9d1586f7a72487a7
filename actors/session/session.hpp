#pragma once
// A client's session on one broker: spawned when the client connects
// (open_session), it lives as long as the client does.
//
// - Group requests pass through to the node's group service; the session
//   notes which members the client is, so that when the client goes away
//   (CAF's down message: it closed, crashed or its connection broke) it
//   leaves those groups at once instead of waiting for the session timeout.
// - Subscriptions: for each partition the client subscribed to (one led
//   here), the session long-polls the local replica and pushes what commits
//   to the client, never more bytes than the client granted (credit). A
//   consumer that stops granting stops the pushes: the broker buffers
//   nothing for it.

#include <chrono>
#include <map>
#include <set>

#include <caf/stateful_actor.hpp>

#include "messages/interfaces.hpp"

namespace strom {

struct session_settings {
  node_id self;
  consumer_sink_actor client;
  std::string client_id;
  // Fetches from local replicas go through it, and the leaves of a client
  // that went away (it reaches every node's group service).
  local_broker_actor broker;
  group_service_actor groups;
  // A parked fetch waits this long for records before it is asked again.
  int64_t fetch_wait_ms = 500;
  uint64_t partition_fetch_bytes_max = 1 << 20;
  std::chrono::milliseconds request_timeout_ms{10'000};
  std::chrono::milliseconds retry_delay_ms{100};
};

struct session_subscription {
  group_id group;
  record_offset next;
  uint64_t epoch = 0; // replaced by a later subscribe: older replies are dropped
  bool fetching = false;
};

struct session_state {
  static inline const char* name = "strom.session";

  session_settings settings;
  std::map<topic_partition, session_subscription> subscriptions;
  uint64_t credit_bytes = 0;
  uint64_t next_epoch = 0;
  // (group, member id) the client has been, from its requests.
  std::set<std::pair<std::string, std::string>> members;
  // Groups the client joined as a static member (group.instance.id): it may
  // come back within the session timeout, so its going away ends nothing.
  std::set<std::string> static_groups;
};

using session_ptr = session_actor::stateful_pointer<session_state>;

session_actor::behavior_type session(session_ptr self, session_settings settings);

} // namespace strom
