#include "net/grpc/status_of.hpp"

#include <caf/sec.hpp>

#include "messages/error_category.hpp"

namespace strom {

namespace {

// Everything that a client should retry once a leader (or coordinator) is
// known, or the node is less busy.
bool unavailable(errc code) {
  switch (code) {
    case errc::not_leader:
    case errc::no_controller:
    case errc::coordinator_not_available:
    case errc::not_coordinator:
    case errc::unreachable:
    case errc::shutting_down:
    case errc::storage_busy:
    case errc::rebalance_in_progress:
    case errc::not_enough_replicas:
      return true;
    default:
      return false;
  }
}

grpc::StatusCode request_status(errc code) {
  switch (code) {
    case errc::not_found:
    case errc::unknown_topic:
    case errc::unknown_partition:
    case errc::unknown_member:
      return grpc::StatusCode::NOT_FOUND;
    case errc::topic_exists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case errc::record_too_large:
    case errc::storage_full:
    case errc::group_max_size_reached:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case errc::offset_out_of_range:
      return grpc::StatusCode::OUT_OF_RANGE;
    case errc::timeout:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    case errc::unauthenticated:
      return grpc::StatusCode::UNAUTHENTICATED;
    case errc::unauthorized:
      return grpc::StatusCode::PERMISSION_DENIED;
    case errc::illegal_generation:
    case errc::producer_fenced:
    case errc::fenced_instance_id:
    case errc::non_empty_group:
    case errc::out_of_order_sequence:
      return grpc::StatusCode::FAILED_PRECONDITION;
    default:
      return grpc::StatusCode::INVALID_ARGUMENT;
  }
}

} // namespace

grpc::StatusCode status_code_of(errc code) {
  if (code == errc::ok)
    return grpc::StatusCode::OK;
  if (unavailable(code))
    return grpc::StatusCode::UNAVAILABLE;
  if (is_node_fault(code))
    return grpc::StatusCode::INTERNAL;
  return request_status(code);
}

grpc::Status status_of(const error& err) {
  if (!err)
    return grpc::Status::OK;
  return {status_code_of(err.code), err.describe()};
}

grpc::Status status_of(const caf::error& err) {
  if (!err)
    return grpc::Status::OK;
  if (auto plain = to_plain_error(err))
    return status_of(*plain);
  if (err == caf::sec::request_timeout)
    return {grpc::StatusCode::DEADLINE_EXCEEDED, "timeout: " + describe(err)};
  if (is_retriable(err))
    return {grpc::StatusCode::UNAVAILABLE, "unreachable: " + describe(err)};
  return {grpc::StatusCode::INTERNAL, describe(err)};
}

grpc::Status invalid_argument(const std::string& field, const std::string& reason) {
  return {grpc::StatusCode::INVALID_ARGUMENT,
          std::string{to_string(errc::bad_request)} + ": " + field + ": " + reason};
}

} // namespace strom
