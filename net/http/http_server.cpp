#include "net/http/http_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/strand.hpp>
#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/http/http_session.hpp"
#include "net/http/http_tls.hpp"

namespace strom {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

caf::expected<std::unique_ptr<http_server>> http_server::start(caf::actor_system& sys,
                                                               http_door_settings settings) {
  auto server = std::make_unique<http_server>(sys, std::move(settings));
  if (auto err = server->secure())
    return err;
  if (auto err = server->listen())
    return err;
  return server;
}

http_server::http_server(caf::actor_system& sys, http_door_settings settings)
  : config_(std::move(settings.config)),
    client_(sys, std::move(settings.client)),
    security_(std::move(settings.security)),
    pool_(config_.admin_threads),
    context_{config_, client_, pool_, gate_, streams_, ws_slots_} {
}

http_server::~http_server() {
  stop();
}

namespace {

void listen_at(tcp::acceptor& acceptor, const tcp::endpoint& where,
               boost::system::error_code& ec) {
  acceptor.open(where.protocol(), ec);
  if (!ec)
    acceptor.set_option(asio::socket_base::reuse_address{true}, ec);
  if (!ec)
    acceptor.bind(where, ec);
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec && acceptor.is_open())
    acceptor.close();
}

} // namespace

caf::error http_server::secure() {
  if (!security_)
    return {};
  auto tls = http_tls_context(*security_);
  if (!tls)
    return std::move(tls.error());
  auto fetch = http_fetch_tls_context(*security_);
  if (!fetch)
    return std::move(fetch.error());
  tls_ = std::move(*tls);
  fetch_tls_ = std::move(*fetch);
  context_.security = &*security_;
  context_.tls = tls_.get();
  context_.fetch_tls = fetch_tls_.get();
  context_.passwords = &passwords_;
  return {};
}

caf::error http_server::listen() {
  boost::system::error_code ec;
  // The manifest's host may be a name (a Kubernetes pod's stable name), as
  // for the broker and the other doors: the door listens at the first of
  // its addresses that it can bind.
  auto addresses = tcp::resolver{io_}.resolve(config_.host, std::to_string(config_.port),
                                              tcp::resolver::numeric_service, ec);
  if (!ec && addresses.empty())
    ec = asio::error::host_not_found;
  if (ec)
    return make_error(errc::bad_request, "HTTP door host " + config_.host + ": " + ec.message());
  for (const auto& address : addresses) {
    listen_at(acceptor_, address.endpoint(), ec);
    if (!ec)
      break;
  }
  if (ec)
    return make_error(errc::unreachable, "HTTP door cannot listen on " + config_.host + ":" +
                                           std::to_string(config_.port) + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  accept_next();
  io_thread_ = std::thread{[this] { io_.run(); }};
  return {};
}

void http_server::accept_next() {
  acceptor_.async_accept(asio::make_strand(io_), [this](boost::system::error_code ec,
                                                        tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open())
      return;
    if (!ec)
      std::make_shared<http_session>(std::move(socket), context_)->run();
    accept_next();
  });
}

void http_server::stop() {
  if (stopped_)
    return;
  stopped_ = true;
  gate_->close();
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  io_.stop();
  if (io_thread_.joinable())
    io_thread_.join();
  client_.stop();
  for (auto& consumer : streams_.take_all())
    caf::anon_send(consumer, close_atom::value); // it quits once it has left its group
  pool_.stop();
  pool_.join();
}

} // namespace strom
