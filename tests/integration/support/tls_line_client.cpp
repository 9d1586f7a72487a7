#include "tests/integration/support/tls_line_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tests/integration/support/line_client.hpp"

namespace strom::testing {

namespace {

// A handshake the door never answers fails the test, not hangs it.
constexpr int handshake_timeout_ms = 10000;

int connect_loopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void bound_waits(int fd, int timeout_ms) {
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

} // namespace

tls_line_client::tls_line_client(uint16_t port, const std::string& ca_file,
                                 const std::string& cert_file, const std::string& key_file) {
  fd_ = connect_loopback(port);
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (fd_ < 0 || !ctx_ || SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1)
    return;
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  if (!cert_file.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1))
    return;
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  bound_waits(fd_, handshake_timeout_ms);
  ERR_clear_error();
  connected_ = SSL_connect(ssl_) == 1;
}

tls_line_client::~tls_line_client() {
  if (ssl_)
    SSL_free(ssl_);
  if (ctx_)
    SSL_CTX_free(ctx_);
  if (fd_ >= 0)
    ::close(fd_);
}

void tls_line_client::send(const std::string& bytes) {
  if (!connected_)
    return;
  ERR_clear_error();
  if (SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) <= 0)
    connected_ = false;
}

std::optional<std::string> tls_line_client::read_line(std::chrono::milliseconds wait_ms) {
  auto deadline = std::chrono::steady_clock::now() + wait_ms;
  for (;;) {
    if (auto line = take_line(buffer_))
      return line;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (!connected_ || left.count() <= 0)
      return std::nullopt;
    bound_waits(fd_, static_cast<int>(left.count()));
    char chunk[16384];
    ERR_clear_error();
    auto n = SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) {
      auto error = SSL_get_error(ssl_, n);
      // A wait that ran out (SO_RCVTIMEO) is no end of the connection.
      connected_ = error == SSL_ERROR_WANT_READ ||
                   (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK));
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::optional<std::string> tls_line_client::ask(const std::string& line,
                                                std::chrono::milliseconds wait_ms) {
  send(line + "\n");
  return read_line(wait_ms);
}

} // namespace strom::testing
