#pragma once
// Asks the node's broker for one topic's metadata until the node knows the
// topic or wait_ms passes: a topic just created through another node, or
// created by this door a moment ago, shows in this node's metadata only
// once the node has applied the controller's log that far.
//
//   session   -> lookup: find -> topic_metadata, or the broker's last error
//                        (unknown_topic when it never showed); then it quits
//   its timer -> lookup: retry

#include <chrono>
#include <string>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "messages/interfaces.hpp"

namespace strom {

struct topic_lookup_settings {
  broker_actor broker;
  std::string topic;
  std::chrono::milliseconds wait_ms{0};
  std::chrono::milliseconds request_timeout_ms{1000};
};

struct topic_lookup_state {
  static inline const char* name = "strom.text_topic_lookup";

  topic_lookup_settings settings;
  std::chrono::steady_clock::time_point deadline;
  caf::typed_response_promise<topic_metadata> promise;
};

using topic_lookup_ptr = caf::stateful_actor<topic_lookup_state>*;

caf::behavior topic_lookup(topic_lookup_ptr self, topic_lookup_settings settings);

} // namespace strom
