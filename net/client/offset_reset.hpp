#pragma once
// Where an admin moves a consumer group's committed offsets (Kafka's
// kafka-consumer-groups --reset-offsets --to-earliest / --to-latest /
// --to-offset / --to-datetime), for a group with no active members.

#include <cstdint>
#include <string>
#include <vector>

#include "messages/types.hpp"

namespace strom {

enum class reset_kind { earliest, latest, offset, timestamp };

struct reset_target {
  reset_kind kind = reset_kind::earliest;
  // The offset for reset_kind::offset (clamped into the partition's range),
  // the time in ms since the epoch for reset_kind::timestamp.
  int64_t value = 0;
};

struct offset_reset {
  std::string group;
  std::string topic;
  std::vector<partition_id> partitions; // empty: every partition of the topic
  reset_target target;
};

} // namespace strom
