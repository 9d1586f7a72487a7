#pragma once
// Metadata (key 3), v0-v9: which topics a client asks for, and the answer
// built from strom's cluster_metadata with each node advertised at its
// manifest host and kafka_port (clients then connect to each broker by that
// address, not by the one they bootstrapped from).

#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/metadata_types.hpp"
#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct metadata_request {
  // nullopt: every topic (a null array, or an empty one in v0).
  std::optional<std::vector<std::string>> topics;
  bool allow_auto_topic_creation = true;
};

result<metadata_request> read_metadata_request(int16_t version, bool flexible,
                                               std::string_view body);

struct kafka_broker {
  int32_t node_id = 0;
  std::string host;
  int32_t port = 0;
};

// What the door knows besides the cluster's metadata.
struct metadata_context {
  std::string cluster_id;
  // The Kafka door of each node that has one; a node without is not
  // advertised, since a Kafka client could not reach it.
  std::map<int32_t, kafka_broker> doors;
};

// The response body for `version`: every broker alive with a door, the
// controller, and the topics asked for (an unknown one with
// UNKNOWN_TOPIC_OR_PARTITION, one being created with LEADER_NOT_AVAILABLE,
// which clients retry, as Kafka answers a topic it auto-creates; a
// partition without a leader with LEADER_NOT_AVAILABLE and leader -1).
// A topic asked for in `denied` is answered TOPIC_AUTHORIZATION_FAILED,
// whether it exists or not.
std::string answer_metadata(int16_t version, bool flexible, const metadata_request& request,
                            const cluster_metadata& cluster, const metadata_context& context,
                            const std::set<std::string>& creating = {},
                            const std::set<std::string>& denied = {});

// The topics a request asks for that the cluster does not have.
std::set<std::string> missing_topics(const metadata_request& request,
                                     const cluster_metadata& cluster);

} // namespace strom::kafka
