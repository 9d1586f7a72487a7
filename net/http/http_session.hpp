#pragma once
// One HTTP/1.1 connection: reads a request (its body at most
// body_bytes_max, the whole of it within request_read_timeout_ms), routes
// it, runs its handler on the door's pool (door_client calls block), and
// writes the answer back from its strand; keep-alive until the client
// closes or idles. A WebSocket upgrade on /v1/topics/T/ws is checked (the
// topic and partition exist) and the socket handed to a ws_session. With
// security: TLS first, then each request's principal (the client
// certificate's, or Basic credentials'), 401 without one; the handlers ask
// the authorizer. /healthz, /readyz and /metrics answer everyone.

#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "net/door/door_metrics.hpp"
#include "net/http/door_stream.hpp"
#include "net/http/http_context.hpp"
#include "net/http/route.hpp"

namespace strom {

class http_session : public std::enable_shared_from_this<http_session> {
public:
  http_session(boost::asio::ip::tcp::socket socket, http_context& context);
  void run();

private:
  using request_type = boost::beast::http::request<boost::beast::http::string_body>;
  using response_type = boost::beast::http::response<boost::beast::http::string_body>;

  void handshake();
  void read_request();
  void on_read(boost::beast::error_code ec);
  // Who the request comes from; nothing when security wants one and the
  // request has none.
  std::optional<door_principal> authenticate();
  void answer_in_pool(route r, door_principal who);
  void upgrade_in_pool(route r, door_principal who);
  void write(const rest_answer& answer, bool close);
  void on_write(bool close, boost::beast::error_code ec);
  void shut_down();

  door_stream stream_;
  // The verified client certificate's name, when the door takes mtls.
  std::optional<std::string> certificate_user_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  request_type request_;
  std::shared_ptr<response_type> response_;
  http_context& context_;
  door_connection counted_{"http"};
};

} // namespace strom
