#pragma once
// What every connection of the door shares: its limits, the cluster-facing
// door_client, the pool of threads that may block in it, and the gate and
// registry that let the door stop with consumers still pushing.

#include <memory>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "net/door/door_client.hpp"
#include "net/door/door_security.hpp"
#include "net/door/slot_limit.hpp"
#include "net/http/http_door_config.hpp"
#include "net/http/post_gate.hpp"
#include "net/http/rest_handlers.hpp"
#include "net/http/stream_registry.hpp"
#include "net/tls/password_check.hpp"

namespace strom {

struct http_context {
  const http_door_config& config;
  door_client& client;
  boost::asio::thread_pool& pool;
  std::shared_ptr<post_gate> gate;
  stream_registry& streams;
  slot_limit& ws_slots;
  // With security: the door's mechanisms and the node's authorizer, its TLS
  // for connections, its TLS for asking other nodes' doors, and passwords
  // that matched (checked once, remembered).
  const door_security* security = nullptr;
  boost::asio::ssl::context* tls = nullptr;
  boost::asio::ssl::context* fetch_tls = nullptr;
  password_check* passwords = nullptr;

  rest_context rest(door_principal who) {
    return {client, config, security, std::move(who), fetch_tls};
  }
};

} // namespace strom
