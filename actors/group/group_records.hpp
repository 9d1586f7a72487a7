#pragma once
// The records of __consumer_offsets (messages/group.proto): a group's
// metadata after a change, a committed offset, and tombstones (a key with no
// value, Kafka's null) that delete either. Key and value map one to one onto
// a strom::record's key and value.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "actors/group/group_snapshot.hpp"
#include "actors/group/offset_table.hpp"
#include "messages/result.hpp"

namespace strom {

struct group_record {
  std::string key;
  std::optional<std::string> value; // nullopt: a tombstone
};

struct group_deleted {
  std::string group;
};

struct offset_deleted {
  offset_key key;
};

// A new coordinator's first record (see messages/group.proto).
struct coordinator_marker {
  node_id node;
  int64_t epoch = 0;
};

using group_record_content = std::variant<group_snapshot, group_deleted, offset_commit,
                                           offset_deleted, coordinator_marker>;

group_record encode_group(const group_snapshot& snapshot);
group_record encode_group_tombstone(const std::string& group);
group_record encode_offset(const offset_commit& commit);
group_record encode_offset_tombstone(const offset_key& key);
group_record encode_marker(const coordinator_marker& marker);

// bad_request for a key or value that does not parse, a key with nothing
// set, or fields outside their C++ types.
result<group_record_content> decode_group_record(const group_record& record);

// The partition of __consumer_offsets whose leader coordinates the group:
// Kafka's keyed-record partition of the group name (murmur2), so clients
// and brokers find the same one. partition_count > 0.
partition_id coordinator_partition(std::string_view group, int32_t partition_count);

} // namespace strom
