#pragma once
// A host:port a client can try, and the parsing of bootstrap lists
// ("a:9301,b:9302") as Kafka clients take them.

#include <cstdint>
#include <string>
#include <vector>

#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

struct endpoint {
  std::string host;
  uint16_t port = 0;

  std::string to_string() const { return host + ":" + std::to_string(port); }
};

// Where a node of the metadata listens.
inline endpoint endpoint_of(const node_address& a) {
  return {a.host, a.port};
}

// "host:port", "[::1]:9301".
result<endpoint> parse_endpoint(const std::string& item);
result<std::vector<endpoint>> parse_bootstrap(const std::string& list);

} // namespace strom
