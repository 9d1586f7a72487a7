#pragma once
// The door's sockets: one io_context on a thread of its own (never a CAF
// worker) accepting connections on config.host:config.port, a pool of
// admin_threads for the door_client's blocking calls, and what they share.
// Members are declared so that they are destroyed in a safe order: the
// pool (its queued handlers hold sessions) before the io_context (its
// handlers hold sockets) before the context they refer to.

#include <memory>
#include <optional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "net/door/door_client.hpp"
#include "net/http/http_context.hpp"
#include "net/http/http_door_config.hpp"

namespace strom {

struct http_door_settings {
  http_door_config config;
  door_client_config client;
  std::optional<door_security> security; // nothing: plaintext, open to all
};

class http_server {
public:
  // Listening, or why not (a port that cannot be bound).
  static caf::expected<std::unique_ptr<http_server>> start(caf::actor_system& sys,
                                                           http_door_settings settings);
  http_server(caf::actor_system& sys, http_door_settings settings);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  uint16_t port() const { return port_; }
  void sweep_idle() { client_.sweep_idle(); }
  // Stops accepting, drops every connection, closes every consumer; waits
  // for the socket thread and the pool.
  void stop();

private:
  caf::error listen();
  void accept_next();

  caf::error secure();

  http_door_config config_;
  door_client client_;
  std::optional<door_security> security_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::unique_ptr<boost::asio::ssl::context> fetch_tls_;
  password_check passwords_;
  std::shared_ptr<post_gate> gate_ = std::make_shared<post_gate>();
  stream_registry streams_;
  slot_limit ws_slots_{config_.ws_sessions_max};
  boost::asio::io_context io_{1};
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  boost::asio::thread_pool pool_;
  http_context context_;
  std::thread io_thread_;
  uint16_t port_ = 0;
  bool stopped_ = false;
};

} // namespace strom
