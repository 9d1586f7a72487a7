#pragma once
// ListOffsets (key 2), v1-v6 (v6 flexible): per partition the offset for a
// timestamp: -1 the log end, -2 the log start, else the first record at or
// after it (-1 if none). v7's -3 (the record of the largest timestamp) asks
// what the replicas cannot look up yet, so the door stops at v6.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct list_offsets_partition {
  int32_t index = 0;
  int64_t timestamp = 0;
};

struct list_offsets_topic {
  std::string name;
  std::vector<list_offsets_partition> partitions;
};

result<std::vector<list_offsets_topic>> read_list_offsets_request(int16_t version,
                                                                  std::string_view body);

struct list_offsets_answer {
  int32_t index = 0;
  error_code error = error_code::none;
  int64_t timestamp = -1;
  int64_t offset = -1;
  int32_t leader_epoch = -1;
};

struct list_offsets_topic_answer {
  std::string name;
  std::vector<list_offsets_answer> partitions;
};

std::string write_list_offsets_response(int16_t version,
                                        const std::vector<list_offsets_topic_answer>& topics);

} // namespace strom::kafka
