#include "tests/integration/http/support/http_client.hpp"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "tests/integration/http/support/run_one.hpp"

namespace strom::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

tcp::endpoint loopback(uint16_t port) {
  return {asio::ip::make_address("127.0.0.1"), port};
}

http_reply reply_of(const http::response<http::string_body>& res) {
  http_reply out;
  out.status = static_cast<int>(res.result_int());
  out.allow = std::string{res[http::field::allow]};
  out.text = res.body();
  out.body = nlohmann::json::parse(out.text, nullptr, false);
  if (out.body.is_discarded())
    out.body = nullptr;
  return out;
}

http_reply read_reply(asio::io_context& io, beast::tcp_stream& stream) {
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  auto ec = run_one(io, [&](auto handler) { http::async_read(stream, buffer, parser, handler); });
  if (ec)
    return {};
  return reply_of(parser.get());
}

bool connect(asio::io_context& io, beast::tcp_stream& stream, uint16_t port) {
  return !run_one(io, [&](auto handler) { stream.async_connect(loopback(port), handler); });
}

} // namespace

http_reply http_call(uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream{io};
  stream.expires_after(timeout);
  if (!connect(io, stream, port))
    return {};
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  if (run_one(io, [&](auto handler) { http::async_write(stream, req, handler); }))
    return {};
  return read_reply(io, stream);
}

http_reply raw_call(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream{io};
  stream.expires_after(timeout);
  if (!connect(io, stream, port))
    return {};
  if (run_one(io, [&](auto handler) { asio::async_write(stream, asio::buffer(bytes), handler); }))
    return {};
  return read_reply(io, stream);
}

struct ws_client::parts {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  bool reading = false;
  bool done = false;
  beast::error_code result;
};

ws_client::ws_client(uint16_t port, const std::string& target, int receive_buffer_bytes)
  : parts_(std::make_unique<parts>()) {
  auto& p = *parts_;
  auto& stream = beast::get_lowest_layer(p.ws);
  if (receive_buffer_bytes > 0) {
    stream.socket().open(tcp::v4());
    stream.socket().set_option(asio::socket_base::receive_buffer_size{receive_buffer_bytes});
  }
  stream.expires_after(std::chrono::seconds{30});
  if (!connect(p.io, stream, port))
    return;
  websocket::response_type res;
  auto ec = run_one(p.io, [&](auto handler) {
    p.ws.async_handshake(res, "127.0.0.1", target, handler);
  });
  if (ec) {
    refusal_.status = static_cast<int>(res.result_int());
    refusal_.body = nlohmann::json::parse(res.body(), nullptr, false);
    return;
  }
  stream.expires_never();
  connected_ = true;
}

ws_client::~ws_client() {
  close();
}

std::optional<nlohmann::json> ws_client::next(std::chrono::milliseconds timeout) {
  if (!connected_ || ended_)
    return std::nullopt;
  auto& p = *parts_;
  // A read that did not finish in time stays pending for the next call.
  if (!p.reading) {
    p.reading = true;
    p.done = false;
    p.ws.async_read(p.buffer, [&p](beast::error_code ec, size_t) {
      p.done = true;
      p.result = ec;
    });
  }
  p.io.restart();
  p.io.run_for(timeout);
  if (!p.done)
    return std::nullopt;
  p.reading = false;
  if (p.result) {
    ended_ = true;
    return std::nullopt;
  }
  auto text = beast::buffers_to_string(p.buffer.data());
  p.buffer.consume(p.buffer.size());
  return nlohmann::json::parse(text, nullptr, false);
}

bool ws_client::send(const std::string& text) {
  if (!connected_ || ended_)
    return false;
  auto& p = *parts_;
  bool written = false;
  beast::error_code result;
  p.ws.text(true);
  p.ws.async_write(asio::buffer(text), [&](beast::error_code ec, size_t) {
    written = true;
    result = ec;
  });
  // One handler at a time: a pending read may finish meanwhile, for next().
  p.io.restart();
  while (!written && p.io.run_one() > 0) {
  }
  return written && !result;
}

bool ws_client::ended_by_peer() {
  if (!connected_ || ended_)
    return true;
  pollfd p{beast::get_lowest_layer(parts_->ws).socket().native_handle(), POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

void ws_client::close() {
  if (!connected_ || ended_)
    return;
  ended_ = true;
  auto& p = *parts_;
  if (p.reading) {
    // Beast allows one read at a time: the close is the socket's.
    beast::get_lowest_layer(p.ws).socket().close();
    p.io.restart();
    p.io.run();
    return;
  }
  beast::get_lowest_layer(p.ws).expires_after(std::chrono::seconds{5});
  run_one(p.io, [&](auto handler) { p.ws.async_close(websocket::close_code::normal, handler); });
}

} // namespace strom::testing
