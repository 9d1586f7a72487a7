#pragma once
// Fetch (key 1), v2-v12 (v12 flexible): which partitions a consumer reads from which
// offsets, and the answer with each partition's Kafka batches, high
// watermark and log start. Fetch sessions (KIP-227) are answered with
// session id 0, which tells the client there is none: it then sends full
// fetches every time. Batches are magic 2 at every version: a client that
// cannot go past Fetch v3 (Kafka's before 0.11) cannot read them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct fetch_partition_request {
  int32_t index = 0;
  int64_t fetch_offset = 0;
  int32_t max_bytes = 0;
};

struct fetch_topic_request {
  std::string name;
  std::vector<fetch_partition_request> partitions;
};

struct fetch_request_body {
  int32_t max_wait_ms = 0;
  int32_t min_bytes = 0;
  int32_t max_bytes = INT32_MAX;
  int8_t isolation_level = 0;
  std::vector<fetch_topic_request> topics;
};

result<fetch_request_body> read_fetch_request(int16_t version, std::string_view body);

struct fetch_partition_answer {
  int32_t index = 0;
  error_code error = error_code::none;
  int64_t high_watermark = -1;
  int64_t log_start_offset = -1;
  std::string records; // whole Kafka batches, back to back
};

struct fetch_topic_answer {
  std::string name;
  std::vector<fetch_partition_answer> partitions;
};

// The answer in pieces to send one after another: each partition's records
// are moved out of `topics` into a piece of their own, never copied.
std::vector<std::string> write_fetch_response(int16_t version,
                                              std::vector<fetch_topic_answer>& topics);

} // namespace strom::kafka
