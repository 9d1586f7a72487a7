#pragma once
// Kafka's error codes (Errors.java) that the door answers, and the one
// strom's errc maps to. Clients act on the code alone: retriable ones
// (NOT_LEADER_OR_FOLLOWER, NOT_COORDINATOR, ...) make them refresh metadata
// and try again, others fail the request, so the mapping decides what a
// Kafka application does on every strom failure.

#include <cstdint>

#include "messages/errors.hpp"

namespace strom::kafka {

enum class error_code : int16_t {
  unknown_server_error = -1,
  none = 0,
  offset_out_of_range = 1,
  corrupt_message = 2,
  unknown_topic_or_partition = 3,
  leader_not_available = 5,
  not_leader_or_follower = 6,
  request_timed_out = 7,
  message_too_large = 10,
  coordinator_load_in_progress = 14,
  coordinator_not_available = 15,
  not_coordinator = 16,
  invalid_topic_exception = 17,
  not_enough_replicas = 19,
  invalid_required_acks = 21,
  illegal_generation = 22,
  inconsistent_group_protocol = 23,
  invalid_group_id = 24,
  unknown_member_id = 25,
  invalid_session_timeout = 26,
  rebalance_in_progress = 27,
  topic_authorization_failed = 29,
  group_authorization_failed = 30,
  cluster_authorization_failed = 31,
  unsupported_sasl_mechanism = 33,
  illegal_sasl_state = 34,
  unsupported_version = 35,
  topic_already_exists = 36,
  invalid_partitions = 37,
  invalid_replication_factor = 38,
  invalid_replica_assignment = 39,
  invalid_config = 40,
  not_controller = 41,
  invalid_request = 42,
  unsupported_for_message_format = 43,
  out_of_order_sequence_number = 45,
  duplicate_sequence_number = 46,
  invalid_producer_epoch = 47,
  kafka_storage_error = 56,
  sasl_authentication_failed = 58,
  non_empty_group = 68,
  group_id_not_found = 69,
  member_id_required = 79,
  group_max_size_reached = 81,
  fenced_instance_id = 82,
  invalid_record = 87,
};

// What a Kafka client is told for a strom error. `not_found` has no single
// meaning; `for_group` picks GROUP_ID_NOT_FOUND over UNKNOWN_TOPIC_OR_PARTITION.
error_code to_kafka(errc code, bool for_group = false);

inline int16_t wire(error_code code) { return static_cast<int16_t>(code); }

} // namespace strom::kafka
