#pragma once
// A consumer instance of the REST door, as the operator tests use one: made
// in a group for a topic, it reads until it has a count of records and
// commits them.

#include <chrono>
#include <string>

#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {

// The instance's base URI, or empty when the door refused to make it.
inline std::string make_rest_consumer(uint16_t port, const std::string& group,
                                      const std::string& topic) {
  auto made = http_call(port, "POST", "/v1/consumers/" + group,
                        nlohmann::json{{"topics", {topic}}});
  return made.status == 201 ? made.body["base_uri"].get<std::string>() : std::string{};
}

// Polls until `count` records came (within `wait`), then commits them;
// false when they did not all come or the commit failed.
inline bool read_and_commit(uint16_t port, const std::string& base, size_t count,
                            std::chrono::milliseconds wait) {
  size_t seen = 0;
  bool all = eventually([&] {
    seen += http_call(port, "GET", base + "/records?wait_ms=500").body["records"].size();
    return seen >= count;
  }, wait);
  return all && seen == count && http_call(port, "POST", base + "/offsets").status == 200;
}

} // namespace strom::testing
