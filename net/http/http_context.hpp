#pragma once
// What every connection of the door shares: its limits, the cluster-facing
// door_client, the pool of threads that may block in it, and the gate and
// registry that let the door stop with consumers still pushing.

#include <memory>

#include <boost/asio/thread_pool.hpp>

#include "net/door/door_client.hpp"
#include "net/door/slot_limit.hpp"
#include "net/http/http_door_config.hpp"
#include "net/http/post_gate.hpp"
#include "net/http/rest_handlers.hpp"
#include "net/http/stream_registry.hpp"

namespace strom {

struct http_context {
  const http_door_config& config;
  door_client& client;
  boost::asio::thread_pool& pool;
  std::shared_ptr<post_gate> gate;
  stream_registry& streams;
  slot_limit& ws_slots;

  rest_context rest() { return {client, config}; }
};

} // namespace strom
