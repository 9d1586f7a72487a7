#pragma once
// A line client over TLS, as `openssl s_client` would be: it trusts a CA,
// shows a certificate of its own if given one, writes lines and reads
// them. Every wait has a bound.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

struct ssl_ctx_st;
struct ssl_st;

namespace strom::testing {

class tls_line_client {
public:
  // Connects to 127.0.0.1:port and shakes hands; connected() says whether
  // both worked.
  tls_line_client(uint16_t port, const std::string& ca_file, const std::string& cert_file = "",
                  const std::string& key_file = "");
  ~tls_line_client();
  tls_line_client(const tls_line_client&) = delete;
  tls_line_client& operator=(const tls_line_client&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& bytes);
  // The next line without its '\n'; nothing when none came within the
  // wait or the connection ended.
  std::optional<std::string> read_line(std::chrono::milliseconds wait_ms);
  // Sends the line and reads the answer line.
  std::optional<std::string> ask(const std::string& line, std::chrono::milliseconds wait_ms);

private:
  int fd_ = -1;
  ssl_ctx_st* ctx_ = nullptr;
  ssl_st* ssl_ = nullptr;
  bool connected_ = false;
  std::string buffer_;
};

} // namespace strom::testing
