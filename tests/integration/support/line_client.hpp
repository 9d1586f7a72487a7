#pragma once
// A raw TCP client for the line door, as telnet or nc would be: it writes
// bytes and reads lines (or, for binary protocols, a number of bytes). Every wait has a bound, so that a door that never
// answers fails the test instead of hanging it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace strom::testing {

// The first whole line of `buffer`, taken out without its '\n'.
inline std::optional<std::string> take_line(std::string& buffer) {
  auto newline = buffer.find('\n');
  if (newline == std::string::npos)
    return std::nullopt;
  auto line = buffer.substr(0, newline);
  buffer.erase(0, newline + 1);
  return line;
}

class line_client {
public:
  // Connects to 127.0.0.1:port. receive_buffer_bytes > 0 fixes the socket's
  // receive buffer (no autotuning): a client that stops reading then holds
  // little, and the door's own bound is what fills.
  explicit line_client(uint16_t port, int receive_buffer_bytes = 0);
  ~line_client();
  line_client(const line_client&) = delete;
  line_client& operator=(const line_client&) = delete;

  bool connected() const { return fd_ >= 0; }
  void send(const std::string& bytes);
  // The next line without its '\n'; nothing when none came within the
  // wait or the connection ended.
  std::optional<std::string> read_line(std::chrono::milliseconds wait_ms);
  // The next `bytes` bytes; nothing when they did not all come in time.
  std::optional<std::string> read_exactly(size_t bytes, std::chrono::milliseconds wait_ms);
  // Sends the line and reads the answer line.
  std::optional<std::string> ask(const std::string& line, std::chrono::milliseconds wait_ms);
  // True once the other side ended the connection (FIN or reset), seen
  // without reading what is still queued.
  bool ended_by_peer();

private:
  // Reads until the buffer holds `bytes`; false at the deadline or the end.
  bool fill(size_t bytes, std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

} // namespace strom::testing
