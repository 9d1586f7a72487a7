#include "net/client_door/client_door_session.hpp"

#include <algorithm>

#include <caf/io/network/native_socket.hpp>
#include <spdlog/spdlog.h>

#include "messages/error_category.hpp"
#include "net/client_door/client_door_access.hpp"
#include "net/door/door_metrics.hpp"
#include "net/door/door_tls.hpp"

namespace strom {

namespace {

// What one read hands the session at most.
constexpr size_t read_bytes_max = 256 * 1024;

using self_ptr = client_door_session_ptr;

// What TLS has for the socket, straight into its write buffer.
void write_tls(self_ptr self) {
  auto& st = self->state;
  if (st.closed)
    return;
  st.tls->take_outgoing(self->wr_buf(st.connection));
  self->flush(st.connection);
}

void send_frame(self_ptr self, const std::vector<char>& frame) {
  auto& st = self->state;
  if (st.closed)
    return;
  if (!st.tls) {
    self->write(st.connection, frame.size(), frame.data());
    return self->flush(st.connection);
  }
  if (st.tls->send({frame.data(), frame.size()}))
    write_tls(self);
}

void close_connection(self_ptr self) {
  auto& st = self->state;
  if (st.closed)
    return;
  if (st.tls) {
    st.tls->close();
    write_tls(self);
  }
  st.closed = true;
  // What was written still goes out: CAF closes once it is.
  self->close(st.connection);
  self->quit();
}

template <class... Ts>
void reply(self_ptr self, uint64_t correlation, const Ts&... xs) {
  count_door_request("client", "ok");
  send_frame(self, door_encode(self->system(), door_frame::reply, correlation, xs...));
}

void refuse(self_ptr self, uint64_t correlation, const caf::error& err) {
  count_door_request("client", "error");
  send_frame(self, door_encode(self->system(), door_frame::failure, correlation, err));
}

void refuse(self_ptr self, uint64_t correlation, const strom::error& err) {
  refuse(self, correlation, make_error(err.code, err.message));
}

// A client that breaks the protocol is told why, then closed.
void refuse_and_close(self_ptr self, uint64_t correlation, const strom::error& err) {
  spdlog::info("client door: {} closed: {}", self->state.peer, err.message);
  refuse(self, correlation, err);
  close_connection(self);
}

client_door_access access_of(self_ptr self) {
  const auto& st = self->state;
  const auto& security = st.context->security;
  return {security ? &*security : nullptr, st.principal ? &*st.principal : nullptr,
          &st.partitions};
}

// Answers are passed on as they are, but for these: metadata's brokers
// become their client doors and its topics what the principal may see;
// group listings what it may describe.
template <class Reply>
void shape(self_ptr, Reply&) {}

// Which partition each raft group of a metadata answer is.
void remember_partitions(self_ptr self, const cluster_metadata& m) {
  for (const auto& t : m.topics)
    for (const auto& p : t.partitions)
      self->state.partitions[p.group] = topic_partition{t.name, p.partition};
}

void shape(self_ptr self, cluster_metadata& m) {
  auto& st = self->state;
  remember_partitions(self, m);
  for (auto& b : m.brokers)
    if (auto it = st.context->advertised.find(b.address.id); it != st.context->advertised.end()) {
      b.address.host = it->second.host;
      b.address.port = it->second.port;
    }
  access_of(self).shape(m);
}

void shape(self_ptr self, std::vector<group_overview>& groups) { access_of(self).shape(groups); }

caf::actor target_of(self_ptr self, uint64_t session) {
  if (session == 0)
    return caf::actor_cast<caf::actor>(self->state.context->broker);
  auto it = self->state.sessions.find(session);
  return it == self->state.sessions.end() ? caf::actor{} : it->second;
}

template <class Call, class Args>
void forward(self_ptr self, uint64_t correlation, uint64_t session, Call, Args& args) {
  using atom = typename Call::atom;
  using reply_type = typename Call::reply;
  auto target = target_of(self, session);
  if (!target)
    return refuse(self, correlation, strom::error{errc::bad_request, "no such session"});
  // The values go on as they are: the frame decoded them for this alone.
  std::apply(
    [&](auto&... xs) {
      if constexpr (std::is_same_v<reply_type, one_way>) {
        self->send(target, atom::value, std::move(xs)...);
      } else if constexpr (std::is_void_v<reply_type>) {
        self->request(target, caf::infinite, atom::value, std::move(xs)...)
          .then([self, correlation]() { reply(self, correlation); },
                [self, correlation](caf::error& err) { refuse(self, correlation, err); });
      } else {
        self->request(target, caf::infinite, atom::value, std::move(xs)...)
          .then(
            [self, correlation](reply_type& r) {
              shape(self, r);
              reply(self, correlation, r);
            },
            [self, correlation](caf::error& err) { refuse(self, correlation, err); });
      }
    },
    args);
}

template <class Call, class Args>
void decide(self_ptr self, uint64_t correlation, uint64_t session, Call call, Args& args) {
  auto access = access_of(self);
  auto refused = std::apply(
    [&](const auto&... xs) { return access.check(typename Call::atom{}, xs...); }, args);
  if (refused)
    return refuse(self, correlation, *refused);
  forward(self, correlation, session, call, args);
}

// Authorized once the partitions it names are known: a group the door has
// not seen in a metadata answer yet is looked up once.
template <class Call, class Args>
void authorize(self_ptr self, uint64_t correlation, uint64_t session, Call call,
               std::shared_ptr<Args> args) {
  auto named = std::apply(
    [](const auto&... xs) { return door_groups_named(typename Call::atom{}, xs...); }, *args);
  auto& known = self->state.partitions;
  bool unknown = std::any_of(named.begin(), named.end(),
                             [&](group_id g) { return known.count(g) == 0; });
  if (!unknown || !self->state.context->security)
    return decide(self, correlation, session, call, *args);
  self->request(self->state.context->broker, caf::infinite, metadata_atom::value,
                std::vector<std::string>{})
    .then(
      [=](cluster_metadata& m) {
        remember_partitions(self, m);
        decide(self, correlation, session, call, *args);
      },
      [=](caf::error& err) { refuse(self, correlation, err); });
}

void open_session(self_ptr self, uint64_t correlation, const std::string& client_id) {
  auto sink = caf::actor_cast<consumer_sink_actor>(self);
  self->request(self->state.context->broker, caf::infinite, open_session_atom::value, sink,
                client_id)
    .then(
      [self, correlation](session_actor& s) {
        auto& st = self->state;
        auto number = st.next_session++;
        auto handle = caf::actor_cast<caf::actor>(s);
        st.sessions[number] = handle;
        st.session_numbers[handle.address()] = number;
        self->monitor(handle);
        reply(self, correlation, number);
      },
      [self, correlation](caf::error& err) { refuse(self, correlation, err); });
}

void on_request(self_ptr self, uint64_t correlation, door_body_reader& body) {
  uint64_t session = 0;
  uint8_t kind = 0;
  if (auto r = body.read(session, kind); !r)
    return refuse_and_close(self, correlation, r.error());
  if (kind == static_cast<uint8_t>(door_call_kind::open_session)) {
    std::string client_id;
    if (auto r = body.read(client_id); !r || !body.finish())
      return refuse_and_close(self, correlation, {errc::bad_request, "a malformed open_session"});
    return open_session(self, correlation, client_id);
  }
  bool known = with_door_call(static_cast<door_call_kind>(kind), [&](auto call) {
    using args_type = typename decltype(call)::args;
    auto args = std::make_shared<args_type>();
    auto read = std::apply([&](auto&... xs) { return body.read(xs...); }, *args);
    if (!read || !body.finish())
      return refuse_and_close(self, correlation,
                              {errc::bad_request, "a call whose values do not decode"});
    authorize(self, correlation, session, call, args);
  });
  if (!known)
    refuse_and_close(self, correlation,
                     {errc::bad_request, "an unknown call " + std::to_string(kind)});
}

std::optional<scram_mechanism> scram_of(const std::string& mechanism) {
  if (mechanism == "scram-sha-256")
    return scram_mechanism::sha_256;
  if (mechanism == "scram-sha-512")
    return scram_mechanism::sha_512;
  return std::nullopt;
}

// One step of SCRAM: the server's message back; the user is the principal
// once it proved its password.
void scram_step(self_ptr self, uint64_t correlation, scram_mechanism m,
                const std::string& message) {
  auto& st = self->state;
  if (!st.scram) {
    auto view = st.context->security->view;
    st.scram.emplace(m, [view, m](const std::string& user) {
      const auto* c = view->current()->users_and_acls.credential(user, m);
      return c ? std::optional<scram_credential>{*c} : std::nullopt;
    });
  }
  auto answer = st.scram->step(message);
  if (!answer)
    return refuse_and_close(self, correlation, answer.error());
  if (st.scram->done())
    st.principal = door_principal{user_principal(st.scram->user()), st.host};
  reply(self, correlation, *answer);
}

void on_login(self_ptr self, uint64_t correlation, door_body_reader& body) {
  auto& st = self->state;
  std::string mechanism;
  std::string message;
  if (auto r = body.read(mechanism, message); !r || !body.finish())
    return refuse_and_close(self, correlation, {errc::bad_request, "a malformed login"});
  const auto& security = st.context->security;
  if (!security)
    return reply(self, correlation, std::string{}); // nothing to prove
  if (mechanism == "mtls") {
    if (!st.principal)
      return refuse_and_close(self, correlation,
                              {errc::unauthenticated, "no client certificate of this CA"});
    return reply(self, correlation, std::string{});
  }
  auto scram = scram_of(mechanism);
  if (!scram || !security->takes(mechanism) || (st.principal && !st.scram))
    return refuse_and_close(self, correlation,
                            {errc::unauthenticated, "this door does not take " + mechanism});
  scram_step(self, correlation, *scram, message);
}

void on_body(self_ptr self, std::string_view bytes) {
  auto& st = self->state;
  door_body_reader body{self->system(), bytes};
  auto head = body.head();
  if (!head)
    return refuse_and_close(self, 0, head.error());
  if (head->kind == door_frame::login)
    return on_login(self, head->correlation, body);
  if (head->kind != door_frame::request)
    return refuse_and_close(self, head->correlation,
                            {errc::bad_request, "a frame a client does not send"});
  if (st.context->security && !st.principal)
    return refuse_and_close(self, head->correlation,
                            {errc::unauthenticated, "log in first (a certificate or SCRAM)"});
  on_request(self, head->correlation, body);
}

void on_plaintext(self_ptr self, const char* bytes, size_t size) {
  auto& st = self->state;
  st.frames.append(bytes, size);
  std::string_view body;
  while (!st.closed) {
    bool authenticated = !st.context->security || st.principal;
    auto next = st.frames.next(body, authenticated ? door_frame_bytes_max
                                                   : door_login_frame_bytes_max);
    if (!next)
      return refuse_and_close(self, 0, next.error());
    if (!*next)
      return;
    on_body(self, body);
  }
}

// TLS's bytes in: the handshake's answer or an alert out, the plaintext to
// the frames. A client that does not speak TLS, or shows a certificate of
// another CA, is closed; the door goes on.
void on_tls_bytes(self_ptr self, std::string_view bytes) {
  auto& st = self->state;
  std::string plaintext;
  auto received = st.tls->receive(bytes, plaintext);
  write_tls(self);
  if (!received) {
    spdlog::info("client door: {} refused: {}", st.peer, received.error().message);
    count_door_request("client", "tls_refused");
    st.closed = true;
    self->close(st.connection);
    return self->quit();
  }
  if (!st.principal)
    st.principal = certificate_principal(*st.context->security, *st.tls, st.host);
  on_plaintext(self, plaintext.data(), plaintext.size());
  if (st.tls && st.tls->closed())
    close_connection(self);
}

void on_push(self_ptr self, const pushed_records& records) {
  auto& st = self->state;
  auto it = st.session_numbers.find(caf::actor_cast<caf::actor_addr>(self->current_sender()));
  if (it != st.session_numbers.end())
    send_frame(self, door_encode(self->system(), door_frame::push, 0, it->second, records));
}

void on_push_error(self_ptr self, const topic_partition& partition, const caf::error& err) {
  auto& st = self->state;
  auto it = st.session_numbers.find(caf::actor_cast<caf::actor_addr>(self->current_sender()));
  if (it != st.session_numbers.end())
    send_frame(self,
               door_encode(self->system(), door_frame::push_error, 0, it->second, partition, err));
}

} // namespace

caf::behavior client_door_session(client_door_session_ptr self,
                                  caf::io::connection_handle connection,
                                  std::shared_ptr<const client_door_context> context) {
  auto& st = self->state;
  st.connection = connection;
  st.host = self->remote_addr(connection);
  st.peer = st.host + ":" + std::to_string(self->remote_port(connection));
  if (context->tls)
    st.tls.emplace(*context->tls);
  st.context = std::move(context);
  self->configure_read(connection, caf::io::receive_policy::at_most(read_bytes_max));
  // Replies are small and each is awaited: never held back for more.
  auto fd = static_cast<caf::io::network::native_socket>(connection.id());
  (void) caf::io::network::tcp_nodelay(fd, true);
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& s = self->state;
    if (auto it = s.session_numbers.find(msg.source); it != s.session_numbers.end()) {
      s.sessions.erase(it->second);
      s.session_numbers.erase(it);
    }
  });
  return {
    [self](const caf::io::new_data_msg& msg) {
      if (self->state.closed)
        return;
      if (self->state.tls)
        return on_tls_bytes(self, {msg.buf.data(), msg.buf.size()});
      on_plaintext(self, msg.buf.data(), msg.buf.size());
    },
    [self](const caf::io::connection_closed_msg&) {
      self->state.closed = true;
      self->quit();
    },
    [self](push_atom, const pushed_records& records) { on_push(self, records); },
    [self](push_error_atom, const topic_partition& partition, const caf::error& err) {
      on_push_error(self, partition, err);
    },
  };
}

} // namespace strom
