#pragma once
// One error enum for all of strom. Kept free of CAF so that storage and the
// raft core can return it; messages/error_category.hpp turns it into a
// caf::error for actors and the wire.

#include <cstdint>
#include <string>

namespace strom {

enum class errc : uint8_t {
  ok = 0,
  // configuration and start-up
  manifest_invalid,
  data_dir_unusable,
  // storage
  storage_full,
  storage_corrupt,
  storage_io,
  // requests
  bad_request,
  not_found,
  timeout,
  unreachable,
  shutting_down,
  wrong_cluster,
  // data path
  unknown_topic,
  unknown_partition,
  not_leader,
  record_too_large,
  invalid_replication_factor,
  topic_exists,
  offset_out_of_range,
  duplicate_sequence,
  out_of_order_sequence,
  // consumer groups
  illegal_generation,
  unknown_member,
  rebalance_in_progress,
  // storage back-pressure: the writer's queue is full, retry later
  storage_busy,
  // idempotent producer: a newer epoch of this producer id exists
  producer_fenced,
  // the controller (raft group 0) has no leader this node can reach yet
  no_controller,
  // consumer groups (Kafka's codes of the same names)
  inconsistent_group_protocol, // no assignor that every member supports
  fenced_instance_id,          // a newer member took this group.instance.id
  invalid_session_timeout,     // outside the coordinator's allowed range
  group_max_size_reached,
  non_empty_group,             // a group with members cannot be deleted
  coordinator_not_available,   // the group is being deleted or loaded
  not_coordinator,             // this node does not coordinate the group (now)
  // security
  unauthenticated, // no principal: no credentials, or credentials that do not hold
  unauthorized,    // the principal holds no ACL that allows the request
  // topic settings
  invalid_config,      // an unknown topic config key, or a value not of the key
  not_enough_replicas, // fewer replicas in sync than min.insync.replicas asks
  invalid_record,      // a record the topic does not take (no key on a compacted topic)
};

const char* to_string(errc code);

// The node's own trouble (its manifest, its data directory, its disk, or a
// peer of another cluster), not the request's: the front doors answer it
// as an internal error (HTTP 500, gRPC INTERNAL).
bool is_node_fault(errc code);

// An error with the context a person needs to act on it ("group 7 index 12:
// crc mismatch"), used where CAF is not available.
struct error {
  errc code = errc::ok;
  std::string message;

  explicit operator bool() const { return code != errc::ok; }
  std::string describe() const;
};

} // namespace strom
