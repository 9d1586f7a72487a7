#pragma once
// Raw Kafka frames for the door's tests: requests built byte by byte (so
// that a test can also build the ones no client sends) and responses read
// back with the door's own wire_reader.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/integration/support/line_client.hpp"

namespace strom::testing {

// A v1 request header (classic) and `body`, framed.
std::string kafka_request(int16_t api_key, int16_t version, int32_t correlation_id,
                          const std::string& body = {});
// An int32 size field, for frames that lie about their size.
std::string kafka_size(int32_t size);

// One response frame: its correlation id and body, or nothing when none
// came within the wait or the connection ended.
struct kafka_response {
  int32_t correlation_id = 0;
  std::string body;
};
std::optional<kafka_response> read_response(line_client& c, std::chrono::milliseconds wait_ms);

struct api_version_range {
  int16_t key = 0;
  int16_t min_version = 0;
  int16_t max_version = 0;
};
struct api_versions_body {
  int16_t error_code = 0;
  std::vector<api_version_range> ranges;
};
// A v0 ApiVersions response body.
std::optional<api_versions_body> read_api_versions_v0(const std::string& body);

} // namespace strom::testing
