#pragma once
// What a producer application chooses, with Kafka's defaults where Kafka has
// one, and what it is told about each record.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <caf/error.hpp>

#include "messages/compression.hpp"
#include "messages/error_category.hpp"
#include "messages/partition_types.hpp"
#include "messages/record_batch.hpp"

namespace strom {

struct producer_config {
  // all: a majority holds the record durably before it is reported.
  acks required_acks = acks::all;
  // How long a batch waits for more records before it goes.
  std::chrono::milliseconds linger_ms{5};
  // The largest batch the producer builds, below 1 MiB because CAF messages
  // over ~1 MB are slow; the topic's own batch_bytes_max caps it further.
  size_t batch_bytes_max = (1u << 20) - (64u << 10);
  // A batch this full goes without lingering (Kafka's batch.size), and the
  // next one fills behind it while it is in flight; what queued meanwhile
  // goes as one batch of up to batch_bytes_max.
  size_t batch_fill_bytes = 16u << 10;
  // Kafka's compression.type: other than none, each batch's records go in
  // Kafka's encoding, compressed as one stream (messages/kafka_records.hpp).
  // The limits above count the records uncompressed, as Kafka's producer
  // does, so a batch never decompresses beyond what a leader accepts.
  compression_codec compression = compression_codec::none;
  // Batches in flight per partition at once (Kafka's
  // max.in.flight.requests.per.connection): the next batch is written while
  // the leader still stores the last; order holds, see partition_batcher.hpp.
  size_t max_in_flight = 5;
  // One producer id and a sequence per partition, so that retries never
  // write a batch twice.
  bool idempotence = true;
  // One request (produce, metadata, producer id) to one broker.
  std::chrono::milliseconds request_timeout_ms{3000};
  // Between retries of a batch: doubles from the first to the last.
  std::chrono::milliseconds retry_backoff_ms{100};
  std::chrono::milliseconds retry_backoff_max_ms{1000};
  // From send() to the report: after this a record fails with errc::timeout.
  std::chrono::milliseconds delivery_timeout_ms{120000};
  // How long a record waits for its topic to show in metadata (just
  // created, not yet known to every node) before it fails with unknown_topic.
  std::chrono::milliseconds topic_wait_ms{2000};
  // Seeds the sticky partitioner, so that a run can be replayed.
  uint64_t seed = 1;
};

// Exactly one per record sent.
struct delivery_report {
  std::string topic;
  partition_id partition{-1};
  // Where the record went; -1 with acks=0, and for a retry the partition
  // knew as written but no longer remembered where (duplicate_sequence).
  record_offset offset{-1};
  // The leader's append time on LogAppendTime topics, else the record's.
  int64_t timestamp_ms = -1;
  // None when delivered.
  caf::error error;

  bool ok() const { return !error; }
  errc code() const { return code_of(error); }
};

using delivery_callback = std::function<void(const delivery_report&)>;

} // namespace strom
