#include "net/http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include "net/http/http_replies.hpp"
#include "net/http/ws_request.hpp"
#include "net/http/ws_session.hpp"

namespace strom {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A request the parser refused: the status, and whether it was too large.
rest_answer malformed(beast::error_code ec) {
  if (ec == http::error::body_limit)
    return error_answer(http_error{413, to_string(errc::bad_request),
                                   "the request body is larger than the door accepts"});
  if (ec == http::error::header_limit)
    return error_answer(http_error{431, to_string(errc::bad_request),
                                   "the request's headers are too large"});
  return error_answer(http_error{400, to_string(errc::bad_request),
                                 "malformed HTTP request: " + ec.message()});
}

} // namespace

http_session::http_session(asio::ip::tcp::socket socket, http_context& context)
  : stream_(std::move(socket)), context_(context) {
}

void http_session::run() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
}

void http_session::read_request() {
  parser_.emplace();
  parser_->body_limit(context_.config.body_bytes_max);
  stream_.expires_after(context_.config.request_read_timeout_ms);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) {
                     self->on_read(ec);
                   });
}

void http_session::on_read(beast::error_code ec) {
  if (ec == http::error::end_of_stream)
    return shut_down();
  if (ec && ec.category() == http::make_error_code(http::error::body_limit).category())
    return write(malformed(ec), true);
  if (ec)
    return; // timeout or reset: the socket closes with this session
  request_ = parser_->release();
  stream_.expires_never(); // the handler may wait (long poll); the client too
  auto r = find_route(std::string{request_.method_string()}, std::string{request_.target()});
  if (r.kind == route_kind::no_route || r.kind == route_kind::wrong_method)
    return write(route_error(r), false);
  if (r.kind == route_kind::websocket && beast::websocket::is_upgrade(request_))
    return upgrade_in_pool(std::move(r));
  // A liveness probe or a scrape must not queue behind long polls.
  if (r.kind == route_kind::healthz || r.kind == route_kind::metrics)
    return write(answer_liveness(r), false);
  if (r.kind == route_kind::console)
    return write(answer_console(), false);
  answer_in_pool(std::move(r));
}

void http_session::answer_in_pool(route r) {
  asio::post(context_.pool, [self = shared_from_this(), r = std::move(r)] {
    auto rest = self->context_.rest();
    auto answer = answer_rest(rest, r, self->request_.body());
    asio::post(self->stream_.get_executor(),
               [self, answer = std::move(answer)] { self->write(answer, false); });
  });
}

void http_session::upgrade_in_pool(route r) {
  ws_request request;
  if (auto err = parse_ws_request(r, request))
    return write(bad_request(*err), false);
  asio::post(context_.pool, [self = shared_from_this(), request = std::move(request)] {
    auto& client = self->context_.client;
    auto topic = client.find_topic(request.topic);
    caf::error err = topic ? caf::error{} : topic.error();
    if (topic && request.group.empty())
      err = door_client::check_partition(*topic, request.partition);
    asio::post(self->stream_.get_executor(), [self, request, err] {
      if (err)
        return self->write(error_answer(err), false);
      auto slot = std::make_unique<slot_lease>(self->context_.ws_slots);
      if (!*slot)
        return self->write(error_answer(http_error{429, to_string(errc::bad_request),
                                                   "this door has as many WebSockets open as "
                                                   "it may"}),
                           false);
      auto ws = std::make_shared<ws_session>(self->stream_.release_socket(), self->context_,
                                             request, std::move(slot));
      ws->run(std::move(self->request_));
    });
  });
}

void http_session::write(const rest_answer& answer, bool close) {
  count_door_request("http", std::to_string(answer.status));
  response_ = std::make_shared<response_type>(static_cast<http::status>(answer.status),
                                              request_.version() ? request_.version() : 11);
  bool json = answer.content_type.empty();
  response_->set(http::field::content_type, json ? "application/json" : answer.content_type);
  if (!answer.allow.empty())
    response_->set(http::field::allow, answer.allow);
  response_->keep_alive(!close && request_.keep_alive());
  response_->body() =
    json ? answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
         : answer.text;
  response_->prepare_payload();
  stream_.expires_after(context_.config.request_read_timeout_ms);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), close = response_->need_eof()](
                      beast::error_code ec, size_t) { self->on_write(close, ec); });
}

void http_session::on_write(bool close, beast::error_code ec) {
  if (ec)
    return;
  if (close)
    return shut_down();
  response_.reset();
  read_request();
}

void http_session::shut_down() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

} // namespace strom
