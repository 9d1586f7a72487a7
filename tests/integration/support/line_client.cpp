#include "tests/integration/support/line_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace strom::testing {

line_client::line_client(uint16_t port, int receive_buffer_bytes) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0)
    return;
  if (receive_buffer_bytes > 0)
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

line_client::~line_client() {
  if (fd_ >= 0)
    ::close(fd_);
}

void line_client::send(const std::string& bytes) {
  size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0)
      return;
    sent += static_cast<size_t>(n);
  }
}

bool line_client::fill(size_t bytes, std::chrono::steady_clock::time_point deadline) {
  while (buffer_.size() < bytes) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (fd_ < 0 || eof_ || left.count() <= 0)
      return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
      continue;
    char chunk[65536];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      eof_ = true;
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  return true;
}

std::optional<std::string> line_client::read_line(std::chrono::milliseconds wait_ms) {
  auto deadline = std::chrono::steady_clock::now() + wait_ms;
  for (;;) {
    if (auto line = take_line(buffer_))
      return line;
    if (!fill(buffer_.size() + 1, deadline))
      return std::nullopt;
  }
}

std::optional<std::string> line_client::read_exactly(size_t bytes,
                                                     std::chrono::milliseconds wait_ms) {
  if (!fill(bytes, std::chrono::steady_clock::now() + wait_ms))
    return std::nullopt;
  auto out = buffer_.substr(0, bytes);
  buffer_.erase(0, bytes);
  return out;
}

std::optional<std::string> line_client::ask(const std::string& line,
                                            std::chrono::milliseconds wait_ms) {
  send(line + "\n");
  return read_line(wait_ms);
}

bool line_client::ended_by_peer() {
  if (fd_ < 0)
    return true;
  pollfd p{fd_, POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

} // namespace strom::testing
