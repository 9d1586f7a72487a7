#pragma once
// One HTTP GET to another node's door, for the web console's view of every
// node (/v1/nodes/N/metrics): connect, send, read, all within one deadline,
// on the calling thread (one of the door's blocking threads).

#include <chrono>
#include <cstdint>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "messages/result.hpp"

namespace strom {

struct fetched {
  int status = 0;
  std::string content_type;
  std::string body;
};

// errc::unreachable when the node cannot be reached or does not answer in
// time. With `tls`, over TLS: the node's certificate checked against the
// context's CA and its name against `host`.
result<fetched> fetch_from_node(const std::string& host, uint16_t port, const std::string& target,
                                std::chrono::milliseconds timeout_ms,
                                boost::asio::ssl::context* tls = nullptr);

} // namespace strom
