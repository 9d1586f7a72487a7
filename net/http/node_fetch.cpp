#include "net/http/node_fetch.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

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

} // namespace

result<fetched> fetch_from_node(const std::string& host, uint16_t port, const std::string& target,
                                std::chrono::milliseconds timeout_ms) {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, host + ":" + std::to_string(port));
  http::response_parser<http::string_body> parser;
  parser.body_limit(fetched_body_bytes_max);
  beast::error_code failed;
  // The manifest's host may be a name: resolved as the peer links do.
  auto endpoints = asio::ip::tcp::resolver{io}.resolve(host, std::to_string(port), failed);
  if (failed)
    return unreachable(host, port, failed.message());
  stream.expires_after(timeout_ms);
  stream.async_connect(endpoints, [&](beast::error_code ec, const auto&) {
    if ((failed = ec))
      return;
    http::async_write(stream, request, [&](beast::error_code ec, size_t) {
      if ((failed = ec))
        return;
      http::async_read(stream, buffer, parser, [&](beast::error_code ec, size_t) { failed = ec; });
    });
  });
  io.run();
  if (failed)
    return unreachable(host, port, failed.message());
  auto response = parser.release();
  return fetched{static_cast<int>(response.result_int()),
                 std::string{response[http::field::content_type]}, std::move(response.body())};
}

} // namespace strom
