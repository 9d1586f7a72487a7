#pragma once
// The producer as an event-based actor in the application's actor system.
//
//   application -> producer: send(send_request), one-way; the request's
//                            callback gets exactly one delivery_report
//                            drain: take what piled up in the send_inbox
//                            (producer::send, producer_actor_with_inbox)
//                            flush -> (), once every record sent before is
//                            reported
//   its timers  -> producer: linger(generation), retry(topic, partition,
//                            generation), refresh(topic), producer_id
//
// What it does with a record: metadata (asked per topic of any broker, with
// the topic_wait_ms grace for a topic not known yet) -> a partition (explicit,
// murmur2 of the key, else sticky) -> that partition's batcher -> one batch
// up to max_in_flight batches in flight per partition to the partition's
// leader, all sent again in order with the same bytes after an error. producer.hpp wraps it for plain C++ code.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/partitioning/partitioner.hpp"
#include "messages/group_messages.hpp"
#include "net/client/endpoint.hpp"
#include "net/client/metadata_client.hpp"
#include "net/client/partition_batcher.hpp"
#include "net/client/pending_reports.hpp"
#include "net/client/producer_config.hpp"
#include "net/client/retry_policy.hpp"
#include "net/client/send_inbox.hpp"

namespace strom {

struct send_request {
  std::string topic;
  record value;
  std::optional<partition_id> partition; // nullopt: the partitioner chooses
  delivery_callback report;
};

} // namespace strom

// A callback cannot cross the wire; this message stays in the process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(strom::send_request)

namespace strom {

// One partition's records and batches, and their rounds of sends.
struct partition_slot {
  std::string topic;
  partition_id partition;
  partition_batcher batcher;
};

// A record that waits for its topic's metadata.
struct unresolved_record {
  send_request request;
  uint64_t token;
  client_clock::time_point enqueued;
};

// The partitioner's view of the topic last routed to, kept while the
// metadata stays the same version: records come in runs of one topic.
struct routing_memo {
  std::string topic;
  uint64_t version = 0;
  topic_partitions partitions;
};

struct producer_state {
  static inline const char* name = "strom.producer";

  producer_config config;
  // What the producer knows of the cluster, and how it asks.
  std::unique_ptr<metadata_client> cluster;
  std::unique_ptr<partitioner> chooser;
  exponential_backoff backoff; // metadata and producer id retries

  // The idempotent producer's id, once the controller gave one.
  std::optional<producer_id> id;

  std::map<topic_partition, partition_slot> partitions;
  std::optional<routing_memo> routing;
  std::map<std::string, std::vector<unresolved_record>> unresolved;
  // Topics with a metadata request or a refresh timer outstanding.
  std::set<std::string> refreshing;

  // Every record not yet reported, by token (ascending: oldest first).
  pending_reports outstanding;
  // Where producer::send leaves records; the spare keeps its capacity.
  std::shared_ptr<send_inbox> inbox;
  std::vector<send_request> inbox_spare;
  // Flushes wait until every token below their mark is reported.
  std::vector<std::pair<uint64_t, caf::response_promise>> flushes;
  // acks=0 batches whose leader has not yet answered that it took them.
  size_t unanswered_sends = 0;

  // The linger timer: when it fires next, and its generation.
  std::optional<client_clock::time_point> timer_at;
  uint64_t timer_generation = 0;
};

using producer_ptr = caf::stateful_actor<producer_state>*;

caf::behavior producer_actor(caf::stateful_actor<producer_state>* self,
                             std::vector<endpoint> bootstrap, producer_config config);

// The same, taking records from `inbox` as well, whenever it is sent drain.
caf::behavior producer_actor_with_inbox(caf::stateful_actor<producer_state>* self,
                                        std::vector<endpoint> bootstrap, producer_config config,
                                        std::shared_ptr<send_inbox> inbox);

} // namespace strom
