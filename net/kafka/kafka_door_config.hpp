#pragma once
// Every limit of the Kafka door, with its unit last; defaults as Kafka's
// where Kafka has one.

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "messages/topic_config.hpp"
#include "net/kafka/metadata_api.hpp"

namespace strom {

struct kafka_door_config {
  // Where the door listens: the node's host and its manifest kafka_port.
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  // Kafka's socket.request.max.bytes: a larger frame closes the connection.
  size_t frame_bytes_max = 100 * 1024 * 1024;
  // Requests read and not answered yet; past this the door stops reading
  // the connection until answers go out.
  size_t requests_in_flight_max = 64;
  // Answer bytes handed to the socket and not sent yet; past this the door
  // stops reading the connection (a client that does not read its answers
  // slows itself, not the node).
  size_t output_bytes_max = 64 * 1024 * 1024;
  // The most bytes one read takes from the socket.
  size_t read_bytes_max = 64 * 1024;
  // One request to the node's own broker.
  std::chrono::milliseconds request_timeout_ms{10000};
  // How long a session routes Produce, Fetch and ListOffsets by the
  // partitions it last read from the node's metadata (a request naming a
  // partition they lack reads them again at once). Reading them for every
  // request cost a producer of small batches more than half its rate.
  std::chrono::milliseconds routes_max_age_ms{1000};
  // Kafka's auto.create.topics.enable (the manifest's
  // defaults.auto_create_topics): Metadata creates a topic it is asked for
  // and does not know, with the cluster's defaults.
  bool auto_create_topics = false;
  // The cluster id and every node's door, for Metadata.
  kafka::metadata_context metadata;
  // A broker's settings as DescribeConfigs shows them (the manifest's
  // defaults, under Kafka's names).
  std::vector<std::pair<std::string, std::string>> broker_configs;
  // What a topic's config is when nobody set it (the manifest's retention):
  // DescribeConfigs tells a topic's own settings from the defaults by it.
  topic_config topic_defaults;
};

} // namespace strom
