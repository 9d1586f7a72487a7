#pragma once
// A connection of the HTTP door, plaintext or TLS as the manifest says,
// behind one type: the HTTP and WebSocket sessions are written once and do
// not become templates. Each read and write asks which kind it is; the
// lowest layer (for timeouts and the socket) is the TCP stream either way.

#include <utility>
#include <variant>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>

namespace strom {

class door_stream {
public:
  using tcp_stream = boost::beast::tcp_stream;
  using tls_stream = boost::beast::ssl_stream<tcp_stream>;
  using executor_type = tcp_stream::executor_type;

  // Plaintext without a context; TLS (a server's handshake to come) with one.
  door_stream(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls) {
    if (tls)
      stream_.emplace<tls_stream>(tcp_stream{std::move(socket)}, *tls);
    else
      stream_.emplace<tcp_stream>(std::move(socket));
  }

  executor_type get_executor() { return next_layer().get_executor(); }
  tcp_stream& next_layer() {
    if (auto* t = tls())
      return t->next_layer();
    return std::get<tcp_stream>(stream_);
  }
  tls_stream* tls() { return std::get_if<tls_stream>(&stream_); }
  tcp_stream* plain() { return std::get_if<tcp_stream>(&stream_); }

  template <class Buffers, class Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    if (auto* t = tls())
      t->async_read_some(buffers, std::forward<Handler>(handler));
    else
      plain()->async_read_some(buffers, std::forward<Handler>(handler));
  }

  template <class Buffers, class Handler>
  void async_write_some(const Buffers& buffers, Handler&& handler) {
    if (auto* t = tls())
      t->async_write_some(buffers, std::forward<Handler>(handler));
    else
      plain()->async_write_some(buffers, std::forward<Handler>(handler));
  }

private:
  std::variant<std::monostate, tcp_stream, tls_stream> stream_;
};

// How a WebSocket closes its stream: TLS's close_notify, then TCP's.
template <class Handler>
void async_teardown(boost::beast::role_type role, door_stream& stream, Handler&& handler) {
  using boost::beast::websocket::async_teardown;
  if (auto* t = stream.tls())
    async_teardown(role, *t, std::forward<Handler>(handler));
  else
    async_teardown(role, *stream.plain(), std::forward<Handler>(handler));
}

inline void teardown(boost::beast::role_type role, door_stream& stream,
                     boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  if (auto* t = stream.tls())
    teardown(role, *t, ec);
  else
    teardown(role, *stream.plain(), ec);
}

} // namespace strom
