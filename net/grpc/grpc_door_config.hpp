#pragma once
// Every limit of the gRPC door, with its unit last. A streaming RPC and a
// waiting call each hold one of gRPC's server threads, so streams and
// consumers are bounded and refused with RESOURCE_EXHAUSTED beyond.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace strom {

struct grpc_door_config {
  // Where the door listens: the node's host and its manifest grpc_port.
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  // The largest request gRPC accepts (larger: RESOURCE_EXHAUSTED from gRPC
  // itself); records are further bounded by their topic's batch_bytes_max.
  size_t request_bytes_max = 4u << 20;
  // Records in one Produce call.
  size_t produce_records_max = 10000;
  // Consumers held for CreateConsumer/FetchRecords, and Consume streams open
  // at once, over all clients.
  size_t consumers_max = 64;
  size_t streams_max = 32;
  // A consumer nobody fetched from or committed for this long is closed (it
  // leaves its group); a client may ask for less, never for more.
  std::chrono::milliseconds consumer_idle_timeout_ms{60000};
  std::chrono::milliseconds consumer_idle_timeout_ms_max{600000};
  // How often idle consumers are looked for.
  std::chrono::milliseconds idle_sweep_interval_ms{1000};
  // FetchRecords and ReadPartition: records per call, and the longest wait
  // for the first one a client may ask for.
  size_t fetch_records_default = 500;
  size_t fetch_records_max = 10000;
  // A client's max_wait_ms of 0: a fresh consumer needs a moment to find
  // its partitions' leaders before anything can arrive.
  std::chrono::milliseconds fetch_wait_ms_default{1000};
  std::chrono::milliseconds fetch_wait_ms_max{30000};
  // A Consume stream polls its consumer for this long at a time, between
  // which it notices a cancelled call.
  std::chrono::milliseconds stream_poll_wait_ms{200};
  // A stream takes at most this many records per poll (one event).
  size_t poll_records_max = 500;
  // A group stream commits what it wrote this often (and when it ends).
  std::chrono::milliseconds stream_commit_interval_ms{5000};
  // What a door consumer may hold that its client has not taken yet.
  uint64_t consumer_credit_bytes = 1u << 20;
  // One request to the local broker (metadata, topics, groups).
  std::chrono::milliseconds request_timeout_ms{10000};
  // How long an RPC naming a topic waits for this node to know a topic just
  // created (here or through another node), and CreateTopic for the topic
  // to show here, before answering.
  std::chrono::milliseconds topic_wait_ms{3000};
  // From Produce to every record's delivery report.
  std::chrono::milliseconds publish_timeout_ms{30000};
  // At shutdown, calls still running after this are cancelled.
  std::chrono::milliseconds shutdown_grace_ms{2000};
};

} // namespace strom
