#include "net/http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include "net/door/door_login.hpp"
#include "net/http/http_replies.hpp"
#include "net/http/ws_request.hpp"
#include "net/http/ws_session.hpp"
#include "net/tls/peer_name.hpp"

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

rest_answer unauthenticated() {
  return error_answer(http_error_of(errc::unauthenticated,
                                    "credentials are needed: a client certificate or a "
                                    "user's password (Basic)"));
}

} // namespace

http_session::http_session(asio::ip::tcp::socket socket, http_context& context)
  : stream_(std::move(socket), context.tls), context_(context) {
}

void http_session::run() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->stream_.tls())
      return self->handshake();
    self->read_request();
  });
}

// A client that does not speak TLS, or shows a certificate of another CA,
// fails here: its connection closes, the door goes on.
void http_session::handshake() {
  stream_.next_layer().expires_after(context_.config.request_read_timeout_ms);
  stream_.tls()->async_handshake(
    asio::ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
      if (ec)
        return count_door_request("http", "tls_refused");
      if (self->context_.security->takes("mtls"))
        self->certificate_user_ = verified_peer_name(self->stream_.tls()->native_handle());
      self->read_request();
    });
}

std::optional<door_principal> http_session::authenticate() {
  beast::error_code gone;
  auto host = stream_.next_layer().socket().remote_endpoint(gone).address().to_string();
  if (!context_.security)
    return door_principal{"", std::move(host)};
  std::optional<std::string> user;
  auto header = request_.find(http::field::authorization);
  if (header != request_.end() && context_.security->takes("basic"))
    user = basic_login(*context_.security, *context_.passwords,
                       std::string_view{header->value().data(), header->value().size()});
  if (!user)
    user = certificate_user_;
  if (!user)
    return std::nullopt;
  return door_principal{user_principal(*user), std::move(host)};
}

void http_session::read_request() {
  parser_.emplace();
  parser_->body_limit(context_.config.body_bytes_max);
  stream_.next_layer().expires_after(context_.config.request_read_timeout_ms);
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
  stream_.next_layer().expires_never(); // the handler may wait (long poll); the client too
  auto r = find_route(std::string{request_.method_string()}, std::string{request_.target()});
  if (r.kind == route_kind::no_route || r.kind == route_kind::wrong_method)
    return write(route_error(r), false);
  // A liveness probe or a scrape must not queue behind long polls, nor need
  // credentials: a kubelet and a Prometheus scraper have none.
  if (r.kind == route_kind::healthz || r.kind == route_kind::metrics)
    return write(answer_liveness(r), false);
  auto who = authenticate();
  if (!who && r.kind != route_kind::readyz)
    return write(unauthenticated(), false);
  if (r.kind == route_kind::websocket && beast::websocket::is_upgrade(request_))
    return upgrade_in_pool(std::move(r), std::move(*who));
  if (r.kind == route_kind::console)
    return write(answer_console(), false);
  answer_in_pool(std::move(r), who ? std::move(*who) : door_principal{});
}

void http_session::answer_in_pool(route r, door_principal who) {
  asio::post(context_.pool, [self = shared_from_this(), r = std::move(r), who = std::move(who)] {
    auto rest = self->context_.rest(who);
    auto answer = answer_rest(rest, r, self->request_.body());
    asio::post(self->stream_.get_executor(),
               [self, answer = std::move(answer)] { self->write(answer, false); });
  });
}

void http_session::upgrade_in_pool(route r, door_principal who) {
  ws_request request;
  if (auto err = parse_ws_request(r, request))
    return write(bad_request(*err), false);
  auto rest = context_.rest(std::move(who));
  auto refusal = refused(rest, acl_operation::read, resource_type::topic, request.topic);
  if (!refusal && !request.group.empty())
    refusal = refused(rest, acl_operation::read, resource_type::group, request.group);
  if (refusal)
    return write(*refusal, false);
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
      auto ws = std::make_shared<ws_session>(std::move(self->stream_), self->context_, request,
                                             std::move(slot));
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
  // A browser (the web console) asks its user for a password on this.
  if (answer.status == 401 && context_.security && context_.security->takes("basic"))
    response_->set(http::field::www_authenticate, "Basic realm=\"strom\", charset=\"UTF-8\"");
  response_->keep_alive(!close && request_.keep_alive());
  response_->body() =
    json ? answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
         : answer.text;
  response_->prepare_payload();
  stream_.next_layer().expires_after(context_.config.request_read_timeout_ms);
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
  if (auto* tls = stream_.tls())
    return tls->async_shutdown([self = shared_from_this()](beast::error_code) {});
  beast::error_code ignored;
  stream_.next_layer().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

} // namespace strom
