#include "messages/errors.hpp"

namespace strom {

const char* to_string(errc code) {
  switch (code) {
    case errc::ok: return "ok";
    case errc::manifest_invalid: return "manifest_invalid";
    case errc::data_dir_unusable: return "data_dir_unusable";
    case errc::storage_full: return "storage_full";
    case errc::storage_corrupt: return "storage_corrupt";
    case errc::storage_io: return "storage_io";
    case errc::bad_request: return "bad_request";
    case errc::not_found: return "not_found";
    case errc::timeout: return "timeout";
    case errc::unreachable: return "unreachable";
    case errc::shutting_down: return "shutting_down";
    case errc::wrong_cluster: return "wrong_cluster";
    case errc::unknown_topic: return "unknown_topic";
    case errc::unknown_partition: return "unknown_partition";
    case errc::not_leader: return "not_leader";
    case errc::record_too_large: return "record_too_large";
    case errc::invalid_replication_factor: return "invalid_replication_factor";
    case errc::topic_exists: return "topic_exists";
    case errc::offset_out_of_range: return "offset_out_of_range";
    case errc::duplicate_sequence: return "duplicate_sequence";
    case errc::out_of_order_sequence: return "out_of_order_sequence";
    case errc::illegal_generation: return "illegal_generation";
    case errc::unknown_member: return "unknown_member";
    case errc::rebalance_in_progress: return "rebalance_in_progress";
    case errc::storage_busy: return "storage_busy";
    case errc::producer_fenced: return "producer_fenced";
    case errc::no_controller: return "no_controller";
    case errc::inconsistent_group_protocol: return "inconsistent_group_protocol";
    case errc::fenced_instance_id: return "fenced_instance_id";
    case errc::invalid_session_timeout: return "invalid_session_timeout";
    case errc::group_max_size_reached: return "group_max_size_reached";
    case errc::non_empty_group: return "non_empty_group";
    case errc::coordinator_not_available: return "coordinator_not_available";
    case errc::not_coordinator: return "not_coordinator";
    case errc::unauthenticated: return "unauthenticated";
    case errc::unauthorized: return "unauthorized";
    case errc::invalid_config: return "invalid_config";
    case errc::not_enough_replicas: return "not_enough_replicas";
    case errc::invalid_record: return "invalid_record";
  }
  return "unknown_error";
}

std::string error::describe() const {
  std::string out = to_string(code);
  if (!message.empty())
    out += ": " + message;
  return out;
}

bool is_node_fault(errc code) {
  switch (code) {
    case errc::manifest_invalid:
    case errc::data_dir_unusable:
    case errc::storage_corrupt:
    case errc::storage_io:
    case errc::wrong_cluster:
      return true;
    default:
      return false;
  }
}

} // namespace strom
