#pragma once
// What a Kafka client asks of a group's coordinator before and without
// membership: FindCoordinator (key 10) v0-v4, OffsetCommit (key 8) v0-v8 and
// OffsetFetch (key 9) v0-v7, flexible (KIP-482) from v3, v8 and v6 by the
// API table.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"
#include "net/kafka/metadata_api.hpp"

namespace strom::kafka {

struct find_coordinator_request {
  // One key before v4; v4+ asks for several at once.
  std::vector<std::string> keys;
  int8_t key_type = 0; // 0: a group; 1: a transactional id
};

result<find_coordinator_request> read_find_coordinator(int16_t version, std::string_view body);

struct coordinator_answer {
  std::string key;
  error_code error = error_code::none;
  std::optional<std::string> message;
  kafka_broker coordinator{-1, "", -1};
};

// v0-v3 answer the first (the only key asked); v4+ each key in turn.
std::string write_find_coordinator(int16_t version,
                                   const std::vector<coordinator_answer>& answers);

struct offset_to_commit {
  int32_t partition = 0;
  int64_t offset = 0;
  std::optional<std::string> metadata;
};

struct offsets_of_topic {
  std::string name;
  std::vector<offset_to_commit> partitions;
};

struct offset_commit_request {
  std::string group;
  int32_t generation = -1;
  std::string member;
  std::optional<std::string> instance;
  std::vector<offsets_of_topic> topics;
};

result<offset_commit_request> read_offset_commit(int16_t version, std::string_view body);

// One error for every partition of every topic of the request.
std::string write_offset_commit(int16_t version, const offset_commit_request& request,
                                error_code error);

struct offset_fetch_request {
  std::string group;
  // nullopt: every partition the group committed (a null array, v2+).
  std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>> topics;
};

result<offset_fetch_request> read_offset_fetch(int16_t version, std::string_view body);

struct fetched_offset {
  int32_t partition = 0;
  int64_t offset = -1; // -1: no commit
  std::optional<std::string> metadata;
};

struct fetched_topic {
  std::string name;
  std::vector<fetched_offset> partitions;
};

// `error` is the group's (v2+ top level; in v0-v1 on every partition).
std::string write_offset_fetch(int16_t version, const std::vector<fetched_topic>& topics,
                               error_code error);

} // namespace strom::kafka
