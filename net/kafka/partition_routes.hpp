#pragma once
// Where a Kafka request's partitions live in strom: each topic and
// partition's raft group (what the node's broker routes produce, fetch and
// list-offsets by) and its leader's term (Kafka's leader epoch), from the
// node's metadata; and a caf::error as the Kafka error code a client acts on.

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <caf/error.hpp>

#include "messages/metadata_types.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

class partition_routes {
public:
  explicit partition_routes(const cluster_metadata& md);

  // The partition's metadata; nothing for an unknown topic or partition.
  const partition_metadata* find(const std::string& topic, int32_t partition) const;

  // Whether every partition a request names is known: `topics` holds
  // topics with a `name` and `partitions`, each with an `index`.
  template <class Topics>
  bool knows_all(const Topics& topics) const {
    for (const auto& t : topics)
      for (const auto& p : t.partitions)
        if (find(t.name, p.index) == nullptr)
          return false;
    return true;
  }

private:
  std::map<std::pair<std::string, int32_t>, partition_metadata> partitions_;
};

// CAF's request timeout is REQUEST_TIMED_OUT; strom's errors map by code
// (`for_group`: as to_kafka's).
error_code kafka_code_of(const caf::error& err, bool for_group = false);

} // namespace strom::kafka
