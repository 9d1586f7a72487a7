#include "net/text/text_session.hpp"

#include <sys/socket.h>

#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "net/client/client_atoms.hpp"
#include "net/client/producer_actor.hpp"
#include "net/door/door_login.hpp"
#include "net/door/door_tls.hpp"
#include "net/door/read_steering.hpp"
#include "net/text/text_access.hpp"
#include "net/text/text_atoms.hpp"
#include "net/text/text_replies.hpp"
#include "net/text/topic_lookup.hpp"

namespace strom {

using namespace text_session_detail;

namespace {

void pump(text_session_ptr self);

// Every byte for the socket, TLS's included: written, and counted against
// output_bytes_max as the socket takes it.
void send_raw(text_session_ptr self, const std::string& bytes) {
  auto& st = self->state;
  if (st.closed || bytes.empty())
    return;
  self->write(st.connection, bytes.size(), bytes.data());
  self->flush(st.connection);
  st.core->wrote(bytes.size());
}

void close_connection(text_session_ptr self) {
  auto& st = self->state;
  if (st.tls) {
    st.tls->close(); // close_notify, after what is written
    send_raw(self, st.tls->take_outgoing());
  }
  st.closed = true;
  end_stream(self, true);
  // Written answers still go out: CAF sends FIN once they are.
  self->close(st.connection);
  self->quit();
}

// Resets the connection: what is queued for a client that stopped reading
// is dropped rather than kept until it reads. CAF's default multiplexer
// names a connection by its socket (network::conn_hdl_from_socket).
void cut_off(text_session_ptr self) {
  auto& st = self->state;
  spdlog::warn("text door: {} is {} bytes behind (output_bytes_max {}): cut off", st.peer,
               st.core->output_pending_bytes(), st.context.config.output_bytes_max);
  st.closed = true;
  auto fd = static_cast<int>(st.connection.id());
  linger reset{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  ::shutdown(fd, SHUT_RDWR);
  end_stream(self, true);
  self->quit();
}

void publish(text_session_ptr self, answer_slot slot, publish_command& command) {
  send_request request;
  request.topic = command.topic;
  request.value.key = std::move(command.key);
  request.value.value = std::move(command.value);
  auto session = caf::actor_cast<caf::actor>(self);
  // Runs on the producer's actor: hand the report over, nothing more.
  request.report = [session, slot](const delivery_report& r) {
    caf::anon_send(session, text_published_atom::value, slot, r.topic, r.partition, r.offset,
                   r.error);
  };
  self->send(self->state.context.producer, send_atom::value, std::move(request));
}

void create_topic(text_session_ptr self, answer_slot slot, const create_topic_command& command) {
  const auto& ctx = self->state.context;
  topic_spec spec;
  spec.name = command.topic;
  spec.partitions = command.partitions;
  self->request(ctx.broker, ctx.config.request_timeout_ms, create_topic_atom::value, spec)
    .then(
      [self, slot](const topic_metadata& created) {
        // OK only once this node knows the topic, so that the next line
        // (PUBS, SUBS) finds it here.
        const auto& c = self->state.context;
        auto lookup = self->spawn(
          topic_lookup, topic_lookup_settings{c.broker, created.name, c.config.topic_wait_ms,
                                              c.config.request_timeout_ms});
        self->request(lookup, c.config.topic_wait_ms + c.config.request_timeout_ms,
                      text_find_atom::value)
          .then([self, slot](const topic_metadata& known) { deliver(self, slot, created_line(known)); },
                [self, slot, created](const caf::error&) {
                  deliver(self, slot, created_line(created));
                });
      },
      [self, slot](const caf::error& err) { deliver(self, slot, error_line(err)); });
}

void delete_topic(text_session_ptr self, answer_slot slot, const delete_topic_command& command) {
  const auto& ctx = self->state.context;
  self->request(ctx.broker, ctx.config.request_timeout_ms, delete_topic_atom::value, command.topic)
    .then([self, slot](const topic_metadata& deleted) {
            deliver(self, slot, deleted_line(deleted.name));
          },
          [self, slot](const caf::error& err) { deliver(self, slot, error_line(err)); });
}

// AUTH: the user's password against the credential the cluster holds.
std::string authenticate(text_session_ptr self, const auth_command& command) {
  auto& st = self->state;
  const auto& security = st.context.security;
  if (!security || !security->takes("password"))
    return error_line(strom::error{errc::bad_request,
                                   "this door takes no passwords (security.authentication.text)"});
  auto user = password_login(*security, *st.context.passwords, command.user, command.password);
  if (!user)
    return error_line(strom::error{errc::unauthenticated, "wrong user or password"});
  st.principal = door_principal{user_principal(*user), st.host};
  return authenticated_line(st.principal->name);
}

void run(text_session_ptr self, started_command started) {
  auto& st = self->state;
  auto slot = started.slot;
  auto& command = started.command;
  if (auto* c = std::get_if<auth_command>(&command))
    return st.core->answer(slot, authenticate(self, *c));
  const auto& security = st.context.security;
  if (auto refused = text_access(security ? &*security : nullptr, st.principal, command)) {
    count_door_request("text", "error");
    return st.core->answer(slot, error_line(*refused));
  }
  if (auto* c = std::get_if<delete_topic_command>(&command))
    return delete_topic(self, slot, *c);
  if (auto* c = std::get_if<publish_command>(&command))
    return publish(self, slot, *c);
  if (auto* c = std::get_if<create_topic_command>(&command))
    return create_topic(self, slot, *c);
  if (auto* c = std::get_if<subscribe_command>(&command))
    return start_subscribe(self, slot, std::move(*c));
  if (auto* c = std::get_if<consume_command>(&command))
    return start_consume(self, slot, std::move(*c));
  if (std::holds_alternative<stop_command>(command))
    return run_stop(self, slot);
  if (auto* c = std::get_if<help_command>(&command))
    return st.core->answer(slot, help_line(*c));
  st.quitting = true;
  st.core->answer(slot, quit_line());
}

// Reads the socket only while the session can take more lines.
void steer_input(text_session_ptr self) {
  auto& st = self->state;
  steer_reading(self, st.connection, st.reading, st.core->wants_input());
}

// Writes the answers that are ready and starts what may start, until
// neither moves: a command that runs alone starts only once the answers
// before it are written. start_next() answers a malformed line itself, so
// what it answered is written before the pump stops: a client that sends
// one bad line and waits gets its ERR without sending another.
void pump(text_session_ptr self) {
  auto& st = self->state;
  for (;;) {
    write_out(self, st.core->take_answers());
    if (st.closed)
      return;
    if (st.quitting) {
      if (st.core->commands_in_flight() == 0)
        close_connection(self);
      return;
    }
    auto started = st.core->start_next();
    if (!started) {
      write_out(self, st.core->take_answers());
      if (st.closed)
        return;
      break;
    }
    run(self, std::move(*started));
  }
  steer_input(self);
}

// TLS's bytes in: the handshake's answer or an alert out, the plaintext to
// the session. A client that does not speak TLS, or shows a certificate of
// another CA, is closed; the door goes on.
void on_tls_bytes(text_session_ptr self, std::string_view bytes) {
  auto& st = self->state;
  std::string plaintext;
  auto received = st.tls->receive(bytes, plaintext);
  send_raw(self, st.tls->take_outgoing());
  if (!received) {
    spdlog::info("text door: {} refused: {}", st.peer, received.error().message);
    count_door_request("text", "tls_refused");
    st.closed = true;
    self->close(st.connection);
    return self->quit();
  }
  if (!st.principal)
    st.principal = certificate_principal(*st.context.security, *st.tls, st.host);
  if (!plaintext.empty())
    st.core->received(plaintext);
  if (st.tls->closed())
    st.quitting = true; // the client said close_notify: answer what it sent, then close
  pump(self);
}

void on_published(text_session_ptr self, answer_slot slot, const std::string& topic,
                  partition_id partition, record_offset offset, const caf::error& err) {
  deliver(self, slot, err ? error_line(err) : published_line(topic, partition, offset));
}

} // namespace

namespace text_session_detail {

void deliver(text_session_ptr self, answer_slot slot, std::string line) {
  if (self->state.closed)
    return;
  count_door_request("text", line.rfind("ERR", 0) == 0 ? "error" : "ok");
  self->state.core->answer(slot, std::move(line));
  pump(self);
}

void write_out(text_session_ptr self, const std::string& bytes) {
  auto& st = self->state;
  if (st.closed || bytes.empty())
    return;
  if (!st.tls)
    send_raw(self, bytes);
  else if (st.tls->send(bytes))
    send_raw(self, st.tls->take_outgoing());
  if (st.core->output_over_limit())
    cut_off(self);
}

} // namespace text_session_detail

caf::behavior text_session(text_session_ptr self, caf::io::connection_handle connection,
                           text_session_context context) {
  auto& st = self->state;
  st.connection = connection;
  st.counted.emplace("text");
  st.host = self->remote_addr(connection);
  st.peer = st.host + ":" + std::to_string(self->remote_port(connection));
  st.core.emplace(context.config);
  if (context.tls)
    st.tls.emplace(*context.tls);
  self->configure_read(connection, caf::io::receive_policy::at_most(context.config.read_bytes_max));
  self->ack_writes(connection, true);
  st.context = std::move(context);
  spdlog::debug("text door: {} connected", st.peer);
  self->set_exit_handler([self](caf::exit_msg& msg) {
    // The door stops (node shutdown): no time for a graceful leave.
    self->state.closed = true;
    end_stream(self, false);
    self->quit(msg.reason);
  });
  return {
    [self](const caf::io::new_data_msg& msg) {
      if (self->state.closed)
        return;
      if (self->state.tls)
        return on_tls_bytes(self, {msg.buf.data(), msg.buf.size()});
      self->state.core->received({msg.buf.data(), msg.buf.size()});
      pump(self);
    },
    [self](const caf::io::data_transferred_msg& msg) {
      self->state.core->transferred(msg.written);
    },
    [self](const caf::io::connection_closed_msg&) {
      spdlog::debug("text door: {} disconnected", self->state.peer);
      self->state.closed = true;
      end_stream(self, true);
      self->quit();
    },
    [self](text_published_atom, answer_slot slot, const std::string& topic,
           partition_id partition, record_offset offset, const caf::error& err) {
      on_published(self, slot, topic, partition, offset, err);
    },
    [self](text_stream_line_atom, uint64_t stream, const std::string& line) {
      if (stream == self->state.stream)
        write_out(self, line);
    },
  };
}

} // namespace strom
