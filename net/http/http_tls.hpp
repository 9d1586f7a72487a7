#pragma once
// The HTTP door's TLS: the node's client-facing certificate and key, TLS
// 1.2 at least, and client certificates of the client CA verified when
// sent (required when mtls is the door's only mechanism).

#include <memory>

#include <boost/asio/ssl/context.hpp>
#include <caf/expected.hpp>

#include "net/door/door_security.hpp"

namespace strom {

caf::expected<std::unique_ptr<boost::asio::ssl::context>> http_tls_context(
  const door_security& security);

// For asking another node's door (the console's view of every node): its
// certificate must come from the client CA; this node shows its own.
caf::expected<std::unique_ptr<boost::asio::ssl::context>> http_fetch_tls_context(
  const door_security& security);

} // namespace strom
