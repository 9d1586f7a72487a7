#pragma once
// What each front door counts for /metrics: its open connections
// (strom_door_connections{door}), the connections it accepted, and its
// requests by outcome (strom_door_requests_total{door,status}): the HTTP
// status code, gRPC's status name, the text protocol's ok or error, or
// the Kafka door's ok or refused (Kafka's own error codes are per
// partition, inside the answer). Both label sets are small and fixed. gRPC
// shares connections among calls and does not show them: its door counts
// the calls open (strom_door_calls_open, grpc_metrics.hpp).

#include <string>

#include "messages/metrics/registry.hpp"

namespace strom {

// Held by a connection's session for its life: counts it open, then closed.
class door_connection {
public:
  explicit door_connection(const char* door);
  ~door_connection();
  door_connection(const door_connection&) = delete;
  door_connection& operator=(const door_connection&) = delete;

private:
  metrics::gauge* open_ = nullptr; // null while metrics are off
};

void count_door_request(const char* door, const std::string& status);

} // namespace strom
