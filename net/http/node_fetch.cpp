#include "net/http/node_fetch.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace strom {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Answers of other nodes' doors are a scrape at most; past this, refused.
constexpr size_t fetched_body_bytes_max = 16u << 20;

error unreachable(const std::string& host, uint16_t port, const std::string& why) {
  return error{errc::unreachable,
               "the node at " + host + ":" + std::to_string(port) + " did not answer: " + why};
}

// The request and its answer, once connected (and, over TLS, shaken hands).
struct exchange {
  http::request<http::empty_body> request;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  beast::error_code failed;

  template <class Stream>
  void run(Stream& stream) {
    http::async_write(stream, request, [this, &stream](beast::error_code ec, size_t) {
      if ((failed = ec))
        return;
      http::async_read(stream, buffer, parser, [this](beast::error_code ec, size_t) {
        failed = ec;
      });
    });
  }
};

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

// Over TLS: the handshake (checking the node's name), then the exchange.
void run_tls(tls_stream& stream, const std::string& host, exchange& x) {
  stream.set_verify_mode(asio::ssl::verify_peer);
  stream.set_verify_callback(asio::ssl::host_name_verification(host));
  stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
    if ((x.failed = ec))
      return;
    x.run(stream);
  });
}

} // namespace

result<fetched> fetch_from_node(const std::string& host, uint16_t port, const std::string& target,
                                std::chrono::milliseconds timeout_ms,
                                asio::ssl::context* tls) {
  asio::io_context io;
  beast::tcp_stream tcp{io};
  std::optional<tls_stream> secured;
  exchange x{{http::verb::get, target, 11}, {}, {}, {}};
  x.request.set(http::field::host, host + ":" + std::to_string(port));
  x.parser.body_limit(fetched_body_bytes_max);
  // The manifest's host may be a name: resolved as the peer links do.
  auto endpoints = asio::ip::tcp::resolver{io}.resolve(host, std::to_string(port), x.failed);
  if (x.failed)
    return unreachable(host, port, x.failed.message());
  if (tls)
    secured.emplace(std::move(tcp), *tls);
  auto& lowest = secured ? secured->next_layer() : tcp;
  lowest.expires_after(timeout_ms);
  lowest.async_connect(endpoints, [&](beast::error_code ec, const auto&) {
    if ((x.failed = ec))
      return;
    if (secured)
      return run_tls(*secured, host, x);
    x.run(tcp);
  });
  io.run();
  if (x.failed)
    return unreachable(host, port, x.failed.message());
  auto response = x.parser.release();
  return fetched{static_cast<int>(response.result_int()),
                 std::string{response[http::field::content_type]}, std::move(response.body())};
}

} // namespace strom
