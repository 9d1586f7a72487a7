#include "tests/integration/http/support/https_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "messages/base64.hpp"
#include "tests/integration/http/support/run_one.hpp"

namespace strom::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

ssl::context client_context(const https_caller& who) {
  ssl::context ctx{ssl::context::tls_client};
  ctx.load_verify_file(who.ca);
  ctx.set_verify_mode(ssl::verify_peer);
  if (!who.cert.empty()) {
    ctx.use_certificate_chain_file(who.cert);
    ctx.use_private_key_file(who.key, ssl::context::pem);
  }
  return ctx;
}

http::request<http::string_body> request_of(const https_caller& who, const std::string& method,
                                            const std::string& target, const std::string& body) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!who.user.empty())
    req.set(http::field::authorization, "Basic " + base64_encode(who.user + ":" + who.password));
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  return req;
}

// Connected and, with a CA, shaken hands; false when either failed.
bool open(asio::io_context& io, beast::ssl_stream<beast::tcp_stream>& stream, uint16_t port,
          std::chrono::milliseconds timeout) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(timeout);
  tcp::endpoint at{asio::ip::make_address("127.0.0.1"), port};
  if (run_one(io, [&](auto h) { tcp_layer.async_connect(at, h); }))
    return false;
  return !run_one(io, [&](auto h) { stream.async_handshake(ssl::stream_base::client, h); });
}

} // namespace

http_reply https_call(uint16_t port, const https_caller& who, const std::string& method,
                      const std::string& target, const std::string& body,
                      std::chrono::milliseconds timeout) {
  if (who.ca.empty())
    return http_call(port, method, target, body, timeout);
  asio::io_context io;
  auto ctx = client_context(who);
  beast::ssl_stream<beast::tcp_stream> stream{io, ctx};
  if (!open(io, stream, port, timeout))
    return {};
  auto req = request_of(who, method, target, body);
  if (run_one(io, [&](auto h) { http::async_write(stream, req, h); }))
    return {};
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (run_one(io, [&](auto h) { http::async_read(stream, buffer, res, h); }))
    return {};
  http_reply out;
  out.status = static_cast<int>(res.result_int());
  out.text = res.body();
  out.body = nlohmann::json::parse(out.text, nullptr, false);
  if (out.body.is_discarded())
    out.body = nullptr;
  return out;
}

int wss_upgrade(uint16_t port, const https_caller& who, const std::string& target,
                std::chrono::milliseconds timeout) {
  asio::io_context io;
  auto ctx = client_context(who);
  beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws{io, ctx};
  if (!open(io, ws.next_layer(), port, timeout))
    return 0;
  if (!who.user.empty())
    ws.set_option(beast::websocket::stream_base::decorator([&who](beast::websocket::request_type&
                                                                    req) {
      req.set(http::field::authorization, "Basic " + base64_encode(who.user + ":" + who.password));
    }));
  beast::websocket::response_type res;
  auto ec = run_one(io, [&](auto h) { ws.async_handshake(res, "127.0.0.1", target, h); });
  if (!ec)
    return 101;
  return res.result_int() ? static_cast<int>(res.result_int()) : 0;
}

} // namespace strom::testing
