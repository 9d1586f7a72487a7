#pragma once
// A small HTTP/1.1 and WebSocket client over Boost.Beast for the door's
// tests: one connection per call, every wait bounded.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace strom::testing {

struct http_reply {
  int status = 0; // 0: no answer (refused, timed out)
  std::string allow;
  std::string text;
  nlohmann::json body; // null when the body is not JSON

  std::string error() const { return body.is_object() ? body.value("error", "") : ""; }
  std::string message() const { return body.is_object() ? body.value("message", "") : ""; }
};

http_reply http_call(uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body = "",
                     std::chrono::milliseconds timeout = std::chrono::milliseconds{30000});
inline http_reply http_call(uint16_t port, const std::string& method, const std::string& target,
                            const nlohmann::json& body) {
  return http_call(port, method, target, body.dump());
}

// Sends `bytes` as they are and reads one answer.
http_reply raw_call(uint16_t port, const std::string& bytes,
                    std::chrono::milliseconds timeout = std::chrono::milliseconds{30000});

class ws_client {
public:
  // receive_buffer_bytes > 0: the socket's receive buffer, set before it
  // connects (a small one makes a client that does not read stall soon).
  ws_client(uint16_t port, const std::string& target, int receive_buffer_bytes = 0);
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  bool connected() const { return connected_; }
  // The door's answer when it refused the upgrade.
  const http_reply& refusal() const { return refusal_; }
  // The next message as JSON; nothing when none came in time (the read
  // goes on in the next call) or the connection ended (then ended()).
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout);
  bool ended() const { return ended_; }
  // Sends one text message; false when the connection is gone.
  bool send(const std::string& text);
  // True once the door ended the connection (FIN or reset), seen without
  // reading what is still queued.
  bool ended_by_peer();
  void close();

private:
  struct parts;
  std::unique_ptr<parts> parts_;
  bool connected_ = false;
  bool ended_ = false;
  http_reply refusal_;
};

} // namespace strom::testing
