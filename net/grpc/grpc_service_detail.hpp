#pragma once
// Small pieces the service's RPC files share.

#include <chrono>
#include <string>

#include <grpcpp/support/status.h>

#include "net/grpc/grpc_door_config.hpp"

namespace strom::grpc_detail {

// A client's bounds, already checked, with 0 meaning the door's default.
inline size_t records_max_of(int64_t asked, const grpc_door_config& config) {
  return asked == 0 ? config.fetch_records_default : static_cast<size_t>(asked);
}

inline std::chrono::milliseconds wait_of(int64_t asked_ms, const grpc_door_config& config) {
  return asked_ms == 0 ? config.fetch_wait_ms_default : std::chrono::milliseconds{asked_ms};
}

inline std::chrono::milliseconds idle_timeout_of(int64_t asked_ms,
                                                 const grpc_door_config& config) {
  return asked_ms == 0 ? config.consumer_idle_timeout_ms : std::chrono::milliseconds{asked_ms};
}

// Beyond one of the door's limits on what it holds at once.
inline grpc::Status too_many(const std::string& what, size_t max) {
  return {grpc::StatusCode::RESOURCE_EXHAUSTED,
          "too many " + what + ": the door holds at most " + std::to_string(max)};
}

} // namespace strom::grpc_detail
