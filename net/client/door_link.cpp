#include "net/client/door_link.hpp"

#include <functional>
#include <map>
#include <optional>

#include <caf/event_based_actor.hpp>
#include <caf/io/broker.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/network/native_socket.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "messages/error_category.hpp"
#include "net/client/client_atoms.hpp"
#include "net/client/door_protocol.hpp"
#include "net/tls/scram_exchange.hpp"
#include "net/tls/tls_channel.hpp"

namespace strom {

namespace {

constexpr size_t read_bytes_max = 256 * 1024;

// What a reply frame's values become, for the request that is waiting.
using reply_decoder = std::function<void(door_body_reader&, caf::response_promise&)>;

struct pending_call {
  caf::response_promise promise;
  reply_decoder decode;
};

struct door_link_state {
  static inline const char* name = "strom.door_link";
  caf::io::connection_handle connection;
  door_credentials credentials;
  std::optional<tls_channel> tls;
  door_frame_reader frames;
  uint64_t next_correlation = 1;
  std::map<uint64_t, pending_call> pending;
  // By session number: the consumer its pushes go to, and the session's
  // proxy, the sender a consumer knows its session's pushes by.
  std::map<uint64_t, std::pair<consumer_sink_actor, caf::actor>> sessions;
  std::optional<scram_client> scram;
  bool logged_in = false;
  caf::error login_failure;
  std::vector<caf::response_promise> login_waiters;
  bool closed = false;
};

using link_ptr = caf::io::stateful_broker<door_link_state>*;

void write_frame(link_ptr self, const std::vector<char>& frame) {
  auto& st = self->state;
  if (st.closed)
    return;
  if (!st.tls) {
    self->write(st.connection, frame.size(), frame.data());
  } else {
    (void) st.tls->send({frame.data(), frame.size()});
    st.tls->take_outgoing(self->wr_buf(st.connection));
  }
  self->flush(st.connection);
}

// Sends a frame whose reply `decode` hands to `promise`.
template <class... Ts>
void call(link_ptr self, caf::response_promise promise, reply_decoder decode, door_frame kind,
          const Ts&... xs) {
  auto& st = self->state;
  auto correlation = st.next_correlation++;
  st.pending.emplace(correlation, pending_call{std::move(promise), std::move(decode)});
  write_frame(self, door_encode(self->system(), kind, correlation, xs...));
}

template <class Reply>
reply_decoder decoder_of() {
  return [](door_body_reader& body, caf::response_promise& promise) {
    if constexpr (std::is_void_v<Reply>) {
      promise.deliver(caf::unit);
    } else {
      Reply r;
      if (!body.read(r) || !body.finish())
        return promise.deliver(make_error(errc::bad_request, "a reply that does not decode"));
      promise.deliver(std::move(r));
    }
  };
}

// The library's call (its atom, then its values) as a request frame, the
// values encoded where the message holds them.
template <class Call, size_t... I>
void send_call(link_ptr self, uint64_t session, const caf::message& msg,
               std::index_sequence<I...>) {
  using args_type = typename Call::args;
  auto kind = static_cast<uint8_t>(Call::kind);
  if constexpr (std::is_same_v<typename Call::reply, one_way>) {
    auto& st = self->state;
    write_frame(self, door_encode(self->system(), door_frame::request, st.next_correlation++,
                                  session, kind,
                                  msg.get_as<std::tuple_element_t<I, args_type>>(I + 1)...));
  } else {
    call(self, self->make_response_promise(), decoder_of<typename Call::reply>(),
         door_frame::request, session, kind,
         msg.get_as<std::tuple_element_t<I, args_type>>(I + 1)...);
  }
}

template <class Call>
void send_call(link_ptr self, uint64_t session, Call, const caf::message& msg) {
  constexpr auto count = std::tuple_size_v<typename Call::args>;
  send_call<Call>(self, session, msg, std::make_index_sequence<count>{});
}

// A consumer session on the node: its calls go through the link, named by
// the session's number.
caf::behavior session_proxy(caf::event_based_actor* self, caf::actor link, uint64_t number) {
  self->set_default_handler(
    [self, link, number](caf::scheduled_actor*,
                         caf::message_view& view) -> caf::result<caf::message> {
      self->delegate(link, door_session_atom::value, number, view.move_content_to_message());
      return caf::delegated<caf::message>{};
    });
  return {[](door_session_atom) {}};
}

void open_session(link_ptr self, const consumer_sink_actor& sink, const std::string& client_id) {
  auto decode = [self, sink](door_body_reader& body, caf::response_promise& promise) {
    uint64_t number = 0;
    if (!body.read(number) || !body.finish())
      return promise.deliver(make_error(errc::bad_request, "a session number that is no number"));
    auto proxy = self->spawn<caf::linked>(session_proxy, caf::actor_cast<caf::actor>(self),
                                          number);
    self->state.sessions[number] = {sink, proxy};
    promise.deliver(caf::actor_cast<session_actor>(proxy));
  };
  call(self, self->make_response_promise(), std::move(decode), door_frame::request, uint64_t{0},
       static_cast<uint8_t>(door_call_kind::open_session), client_id);
}

// The library's calls, by what the message holds.
caf::result<caf::message> on_call(link_ptr self, uint64_t session, const caf::message& msg) {
  if (session == 0 && msg.match_elements<open_session_atom, consumer_sink_actor, std::string>()) {
    open_session(self, msg.get_as<consumer_sink_actor>(1), msg.get_as<std::string>(2));
    return caf::delegated<caf::message>{};
  }
  if (with_door_call(msg, [&](auto c) { send_call(self, session, c, msg); }))
    return caf::delegated<caf::message>{};
  return caf::sec::unexpected_message;
}

void login_done(link_ptr self, caf::error failure) {
  auto& st = self->state;
  st.logged_in = !failure;
  st.login_failure = failure;
  for (auto& waiter : st.login_waiters)
    failure ? waiter.deliver(failure) : waiter.deliver(caf::unit);
  st.login_waiters.clear();
}

void login_step(link_ptr self, const std::string& mechanism, const std::string& message,
                reply_decoder next) {
  call(self, caf::response_promise{}, std::move(next), door_frame::login, mechanism, message);
}

// SCRAM's last step: the server proves it knew the credential too.
void scram_final(link_ptr self, door_body_reader& body) {
  std::string server_final;
  auto& st = self->state;
  if (!body.read(server_final) || !st.scram->verify_server(server_final))
    return login_done(self, make_error(errc::unauthenticated, "the door's SCRAM proof is wrong"));
  login_done(self, {});
}

void scram_first(link_ptr self, door_body_reader& body) {
  std::string server_first;
  auto& st = self->state;
  auto final_message = body.read(server_first) ? st.scram->final_message(server_first)
                                               : result<std::string>{strom::error{
                                                   errc::bad_request, "a malformed SCRAM step"}};
  if (!final_message)
    return login_done(self, make_error(final_message.error().code, final_message.error().message));
  login_step(self, st.credentials.mechanism, *final_message,
             [self](door_body_reader& b, caf::response_promise&) { scram_final(self, b); });
}

void start_login(link_ptr self) {
  auto& st = self->state;
  const auto& c = st.credentials;
  if (c.user.empty())
    return login_step(self, c.ca_file.empty() ? "none" : "mtls", "",
                      [self](door_body_reader&, caf::response_promise&) { login_done(self, {}); });
  auto m = c.mechanism == "scram-sha-256" ? scram_mechanism::sha_256 : scram_mechanism::sha_512;
  st.scram.emplace(m, c.user, c.password);
  login_step(self, c.mechanism, st.scram->first_message(),
             [self](door_body_reader& b, caf::response_promise&) { scram_first(self, b); });
}

// The end of the link: everything unanswered fails as unreachable, so that
// the library connects afresh; or, for TLS that failed before the login
// (the door's certificate is not of our CA, or ours not of its: with TLS
// 1.3 the door's alert comes after our handshake is done), as
// unauthenticated, which no retry cures (Kafka's SslAuthenticationException).
void end_link(link_ptr self, const std::string& why, errc code = errc::unreachable) {
  auto& st = self->state;
  if (!st.closed) {
    st.closed = true;
    self->close(st.connection);
  }
  auto err = make_error(code, "client door: " + why);
  for (auto& [correlation, p] : st.pending)
    p.promise.deliver(err);
  st.pending.clear();
  if (!st.logged_in && !st.login_failure)
    login_done(self, err);
  self->quit(err);
}

void on_frame(link_ptr self, std::string_view bytes) {
  auto& st = self->state;
  door_body_reader body{self->system(), bytes};
  auto head = body.head();
  if (!head)
    return end_link(self, head.error().message);
  if (head->kind == door_frame::push || head->kind == door_frame::push_error) {
    uint64_t number = 0;
    (void) body.read(number);
    auto session = st.sessions.find(number);
    if (session == st.sessions.end())
      return;
    const auto& [sink, proxy] = session->second;
    if (head->kind == door_frame::push) {
      pushed_records records;
      if (body.read(records))
        caf::send_as(proxy, sink, push_atom::value, std::move(records));
    } else {
      topic_partition partition;
      caf::error err;
      if (body.read(partition, err))
        caf::send_as(proxy, sink, push_error_atom::value, std::move(partition), std::move(err));
    }
    return;
  }
  auto it = st.pending.find(head->correlation);
  if (it == st.pending.end())
    return;
  auto p = std::move(it->second);
  st.pending.erase(it);
  if (head->kind == door_frame::reply)
    return p.decode(body, p.promise);
  caf::error err;
  if (!body.read(err))
    err = make_error(errc::bad_request, "a failure that does not decode");
  if (!st.logged_in && !st.login_failure)
    return login_done(self, err); // the door closes the connection after it
  p.promise.deliver(err);
}

void on_bytes(link_ptr self, const char* data, size_t size) {
  auto& st = self->state;
  std::string plaintext;
  if (st.tls) {
    auto received = st.tls->receive({data, size}, plaintext);
    st.tls->take_outgoing(self->wr_buf(st.connection));
    self->flush(st.connection);
    if (!received)
      return end_link(self, received.error().message,
                      st.logged_in ? errc::unreachable : errc::unauthenticated);
    st.frames.append(plaintext);
  } else {
    st.frames.append(data, size);
  }
  std::string_view body;
  while (!st.closed) {
    auto next = st.frames.next(body, door_frame_bytes_max);
    if (!next)
      return end_link(self, next.error().message);
    if (!*next)
      return;
    on_frame(self, body);
  }
}

caf::behavior door_link(link_ptr self, caf::io::connection_handle connection,
                        door_credentials credentials, std::optional<tls_client_context> tls,
                        std::string host) {
  auto& st = self->state;
  st.connection = connection;
  st.credentials = std::move(credentials);
  if (tls)
    st.tls.emplace(*tls, host);
  self->configure_read(connection, caf::io::receive_policy::at_most(read_bytes_max));
  // Requests are small and each is awaited: never held back for more.
  auto fd = static_cast<caf::io::network::native_socket>(connection.id());
  (void) caf::io::network::tcp_nodelay(fd, true);
  start_login(self);
  self->set_default_handler(
    [self](caf::scheduled_actor*, caf::message_view& view) -> caf::result<caf::message> {
      return on_call(self, 0, view.move_content_to_message());
    });
  return {
    [self](const caf::io::new_data_msg& msg) { on_bytes(self, msg.buf.data(), msg.buf.size()); },
    [self](const caf::io::connection_closed_msg&) { end_link(self, "connection closed"); },
    [self](door_session_atom, uint64_t number, caf::message& msg) {
      return on_call(self, number, msg);
    },
    [self](door_login_atom) -> caf::result<void> {
      auto& s = self->state;
      if (s.logged_in)
        return caf::unit;
      if (s.login_failure)
        return s.login_failure;
      s.login_waiters.push_back(self->make_response_promise());
      return caf::delegated<void>{};
    },
  };
}

// What the library holds of a link. An io broker lives as long as its
// connection, whatever refers to it (and the middleman cannot stop with a
// connection open), so the library gets this instead: when its last handle
// is gone, it is destroyed, and its exit ends the link it is linked to. The
// link's end (a lost connection) ends it too, and its monitors hear.
caf::behavior door_front(caf::event_based_actor* self, caf::actor link) {
  self->link_to(link);
  self->set_default_handler(
    [self, link](caf::scheduled_actor*, caf::message_view& view) -> caf::result<caf::message> {
      self->delegate(link, view.move_content_to_message());
      return caf::delegated<caf::message>{};
    });
  return {[](door_session_atom) {}};
}

} // namespace

caf::expected<broker_actor> connect_door(caf::actor_system& sys, const endpoint& e,
                                         const door_credentials& credentials,
                                         std::chrono::milliseconds timeout_ms) {
  std::optional<tls_client_context> tls;
  if (!credentials.ca_file.empty()) {
    auto made = tls_client_context::create(
      {credentials.ca_file, credentials.cert_file, credentials.key_file});
    if (!made)
      return make_error(made.error().code, made.error().message);
    tls = std::move(*made);
  }
  auto link = sys.middleman().spawn_client(door_link, e.host, e.port, credentials, tls, e.host);
  if (!link)
    return make_error(errc::unreachable, e.to_string() + ": " + sys.render(link.error()));
  caf::scoped_actor self{sys};
  caf::error failure;
  self->request(*link, timeout_ms, door_login_atom::value)
    .receive([] {}, [&](caf::error& err) { failure = std::move(err); });
  if (!failure)
    return caf::actor_cast<broker_actor>(sys.spawn(door_front, *link));
  self->send_exit(*link, caf::exit_reason::user_shutdown);
  if (failure == caf::sec::request_timeout)
    return make_error(errc::unreachable, e.to_string() + ": no login within the timeout");
  return failure;
}

caf::behavior door_connector(caf::event_based_actor* self, endpoint e,
                             door_credentials credentials, std::chrono::milliseconds timeout_ms) {
  return {
    [self, e, credentials, timeout_ms](connect_atom) {
      auto promise = self->make_response_promise<broker_actor>();
      auto link = connect_door(self->system(), e, credentials, timeout_ms);
      if (link)
        promise.deliver(*link);
      else
        promise.deliver(std::move(link.error()));
      self->quit();
      return promise;
    },
  };
}

} // namespace strom
