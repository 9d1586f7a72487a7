#pragma once
// The topic admin APIs: CreateTopics (key 19) v0-v6, DeleteTopics (key 20)
// v0-v5, CreatePartitions (key 37) v0-v3, flexible (KIP-482) from v5, v4
// and v2 by the API table. Each answers per topic: an error code and, where
// the version has one, a message; CreateTopics v5+ also the topic's shape.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/metadata_types.hpp"
#include "messages/result.hpp"
#include "net/kafka/describe_configs_api.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct creatable_topic {
  std::string name;
  int32_t partitions = -1;         // -1: the cluster's default
  int16_t replication_factor = -1; // -1: the cluster's default
  bool manual_assignment = false;  // strom places replicas itself
  std::vector<std::pair<std::string, std::optional<std::string>>> configs;
};

struct create_topics_request {
  std::vector<creatable_topic> topics;
  int32_t timeout_ms = 60000;
  bool validate_only = false;
};

result<create_topics_request> read_create_topics(int16_t version, std::string_view body);

// What CreateTopics v5+ tells of a topic it made (KIP-525); -1 and null
// say "not known", which the Java client reads as no metadata, not an error.
struct created_shape {
  int32_t partitions = -1;
  int16_t replication_factor = -1;
  std::optional<std::vector<config_entry>> configs;
};

struct topic_error {
  std::string name;
  error_code error = error_code::none;
  std::optional<std::string> message;
  created_shape created; // CreateTopics only
};

// The shape of a topic as strom made it.
created_shape shape_of(const topic_metadata& t);

// What a creatable topic asks of strom, or the error that refuses it
// (INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG naming the
// key, INVALID_REPLICA_ASSIGNMENT).
result<topic_spec> spec_of(const creatable_topic& t, error_code& refusal);

std::string write_create_topics(int16_t version, const std::vector<topic_error>& topics);

struct delete_topics_request {
  std::vector<std::string> names;
  int32_t timeout_ms = 60000;
};

result<delete_topics_request> read_delete_topics(int16_t version, std::string_view body);
std::string write_delete_topics(int16_t version, const std::vector<topic_error>& topics);

struct partitions_growth {
  std::string name;
  int32_t count = 0;
  bool manual_assignment = false;
};

struct create_partitions_request {
  std::vector<partitions_growth> topics;
  int32_t timeout_ms = 60000;
  bool validate_only = false;
};

result<create_partitions_request> read_create_partitions(int16_t version, std::string_view body);
std::string write_create_partitions(int16_t version, const std::vector<topic_error>& topics);

} // namespace strom::kafka
