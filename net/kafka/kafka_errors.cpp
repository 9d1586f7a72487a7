#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

namespace {

error_code data_path(errc code) {
  switch (code) {
    case errc::unknown_topic:
    case errc::unknown_partition: return error_code::unknown_topic_or_partition;
    case errc::not_leader: return error_code::not_leader_or_follower;
    case errc::record_too_large: return error_code::message_too_large;
    case errc::invalid_replication_factor: return error_code::invalid_replication_factor;
    case errc::topic_exists: return error_code::topic_already_exists;
    case errc::offset_out_of_range: return error_code::offset_out_of_range;
    case errc::duplicate_sequence: return error_code::duplicate_sequence_number;
    case errc::out_of_order_sequence: return error_code::out_of_order_sequence_number;
    case errc::producer_fenced: return error_code::invalid_producer_epoch;
    case errc::not_enough_replicas: return error_code::not_enough_replicas;
    case errc::invalid_config: return error_code::invalid_config;
    case errc::invalid_record: return error_code::invalid_record;
    default: return error_code::unknown_server_error;
  }
}

error_code groups(errc code) {
  switch (code) {
    case errc::illegal_generation: return error_code::illegal_generation;
    case errc::unknown_member: return error_code::unknown_member_id;
    case errc::rebalance_in_progress: return error_code::rebalance_in_progress;
    case errc::inconsistent_group_protocol: return error_code::inconsistent_group_protocol;
    case errc::fenced_instance_id: return error_code::fenced_instance_id;
    case errc::invalid_session_timeout: return error_code::invalid_session_timeout;
    case errc::group_max_size_reached: return error_code::group_max_size_reached;
    case errc::non_empty_group: return error_code::non_empty_group;
    case errc::coordinator_not_available: return error_code::coordinator_not_available;
    case errc::not_coordinator: return error_code::not_coordinator;
    default: return data_path(code);
  }
}

} // namespace

error_code to_kafka(errc code, bool for_group) {
  switch (code) {
    case errc::ok: return error_code::none;
    case errc::storage_full:
    case errc::storage_corrupt:
    case errc::storage_io:
    case errc::data_dir_unusable: return error_code::kafka_storage_error;
    case errc::bad_request: return error_code::invalid_request;
    case errc::not_found:
      return for_group ? error_code::group_id_not_found
                       : error_code::unknown_topic_or_partition;
    case errc::timeout:
    case errc::storage_busy: return error_code::request_timed_out;
    case errc::unreachable:
    case errc::shutting_down: return error_code::not_leader_or_follower;
    case errc::no_controller: return error_code::not_controller;
    case errc::unauthenticated: return error_code::sasl_authentication_failed;
    default: return groups(code);
  }
}

} // namespace strom::kafka
