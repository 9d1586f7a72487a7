#pragma once
// Produce (key 0), v0-v9: the request's partitions with their records
// bytes, and the response with each partition's outcome. acks=0 gets no
// response at all (sending one would desynchronise the client). Whatever
// the version, only magic 2 record batches are taken: v0-v2 are offered
// because librdkafka compresses with gzip, snappy and lz4 only for brokers
// whose range starts at v0; a client that sends magic 0 or 1 message sets
// is told UNSUPPORTED_FOR_MESSAGE_FORMAT.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct produce_partition {
  int32_t index = 0;
  std::optional<std::string> records;
};

struct produce_topic {
  std::string name;
  std::vector<produce_partition> partitions;
};

struct produce_request_body {
  std::optional<std::string> transactional_id;
  int16_t acks = -1;
  int32_t timeout_ms = 0;
  std::vector<produce_topic> topics;
};

result<produce_request_body> read_produce_request(int16_t version, bool flexible,
                                                  std::string_view body);

struct produce_outcome {
  int32_t index = 0;
  error_code error = error_code::none;
  int64_t base_offset = -1;
  int64_t log_append_time_ms = -1;
  int64_t log_start_offset = -1;
  std::optional<std::string> message; // v8+: error_message
};

struct produce_topic_outcome {
  std::string name;
  std::vector<produce_outcome> partitions;
};

std::string write_produce_response(int16_t version, bool flexible,
                                   const std::vector<produce_topic_outcome>& topics);

} // namespace strom::kafka
