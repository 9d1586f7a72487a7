#pragma once
// What a consumer application chooses, with Kafka's names and defaults where
// Kafka has them, and what it is given.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "messages/group_messages.hpp"
#include "messages/record_batch.hpp"

namespace strom {

// Kafka's auto.offset.reset: where a partition with no committed offset (or
// one outside the log) starts.
enum class reset_policy { earliest, latest };

struct consumer_record {
  std::string topic;
  partition_id partition;
  stored_record record;
};

// The next offset to hand out, per owned partition.
using consumer_positions = std::map<topic_partition, record_offset>;

// What a rebalance did to this consumer, for its listener.
struct rebalance_event {
  enum class kind { assigned, revoked, lost };
  kind what = kind::assigned;
  int32_t generation = -1;
  std::vector<topic_partition> partitions; // what changed
  std::vector<topic_partition> owned;      // everything owned after the change
};

struct consumer_config {
  // Empty: no group; partitions are assign()ed and commits are simple ones.
  std::string group_id;
  std::string client_id = "strom-consumer";
  // Kafka's group.instance.id: a static member, which may come back within
  // the session timeout without a rebalance.
  std::string group_instance_id;
  // Kafka's partition.assignment.strategy, preferred first. Only
  // cooperative assignors: members keep what they still own while the
  // group rebalances (incremental); any other: eager (all is given up).
  std::vector<std::string> assignors{"range", "cooperative_sticky"};
  reset_policy auto_offset_reset = reset_policy::latest;
  bool enable_auto_commit = true;
  std::chrono::milliseconds auto_commit_interval_ms{5000};
  std::chrono::milliseconds session_timeout_ms{45'000};
  std::chrono::milliseconds heartbeat_interval_ms{3000};
  std::chrono::milliseconds rebalance_timeout_ms{60'000};
  std::chrono::milliseconds request_timeout_ms{5000};
  // The most bytes each broker may push ahead of what the application has
  // polled: the bound on what is buffered, here and in flight.
  uint64_t credit_bytes = 4u << 20;
  // Runs on the consumer's actor after each change of what it owns: keep
  // it short, never block in it.
  std::function<void(const rebalance_event&)> on_rebalance;
  // Push instead of poll: set, records go to this handler on the
  // consumer's actor as they arrive (in offset order per partition), and
  // their credit is granted back once it returns; poll() then finds none.
  // Keep it short and never block in it: it holds up the consumer.
  // It returns whether it has room for more now; false, and the consumer
  // hands it nothing more (keeping the rest buffered, within credit_bytes)
  // until the next resume(), of any partitions: a handler that forwards to
  // a slow writer stops the flow at once, not after the whole buffer.
  std::function<bool(std::vector<consumer_record>&)> on_records;
  // The most records one call of on_records (or one poll) is handed.
  size_t push_records_max = 500;
  // One call of on_records stops taking records once their keys and values
  // reach this many bytes (at least one record goes).
  size_t push_bytes_max = SIZE_MAX;
};

} // namespace strom
