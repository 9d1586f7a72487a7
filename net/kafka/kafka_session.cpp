#include "net/kafka/kafka_session.hpp"

#include <spdlog/spdlog.h>

#include "net/door/door_tls.hpp"
#include "net/door/read_steering.hpp"
#include "net/kafka/response_frame.hpp"

namespace strom {

using namespace kafka_session_detail;

namespace {

bool wants_input(const kafka_session_state& st) {
  return st.answers.in_flight() < st.context.config.requests_in_flight_max
         && st.output_pending_bytes < st.context.config.output_bytes_max;
}

// Reads the socket only while the session can take more requests.
void steer_input(kafka_session_ptr self) {
  auto& st = self->state;
  steer_reading(self, st.connection, st.reading, !st.closed && wants_input(st));
}

// Every byte for the socket, TLS's included, pending until the socket took it.
void send_raw(kafka_session_ptr self, const std::string& bytes) {
  auto& st = self->state;
  if (st.closed || bytes.empty())
    return;
  self->write(st.connection, bytes.size(), bytes.data());
  st.output_pending_bytes += bytes.size();
}

void write_ready(kafka_session_ptr self) {
  auto& st = self->state;
  auto pieces = st.answers.take_ready();
  if (st.closed || pieces.empty())
    return;
  for (const auto& piece : pieces)
    if (!st.tls)
      send_raw(self, piece);
    else if (!st.tls->send(piece))
      return refuse(self, "TLS: the connection is closing");
  if (st.tls)
    send_raw(self, st.tls->take_outgoing());
  self->flush(st.connection);
}

// Reads and starts every whole request buffered, as far as the limits let.
void pump(kafka_session_ptr self) {
  auto& st = self->state;
  while (!st.closed && wants_input(st)) {
    auto frame = st.frames->next();
    if (!frame)
      return refuse(self, frame.error().message);
    if (!*frame)
      break;
    auto request = kafka::parse_request(**frame);
    if (!request)
      return refuse(self, request.error().message);
    dispatch(self, st.answers.open(), *request);
  }
  write_ready(self);
  steer_input(self);
}

// TLS's bytes in: the handshake's answer or an alert out, the plaintext to
// the frames. A client that does not speak TLS, or shows a certificate of
// another CA, is closed; the door goes on.
void on_tls_bytes(kafka_session_ptr self, std::string_view bytes) {
  auto& st = self->state;
  std::string plaintext;
  auto received = st.tls->receive(bytes, plaintext);
  send_raw(self, st.tls->take_outgoing());
  self->flush(st.connection);
  if (!received)
    return refuse(self, received.error().message);
  if (!st.principal)
    st.principal = certificate_principal(*st.context.security, *st.tls, st.host);
  if (st.tls->closed())
    return refuse(self, "the client closed TLS");
  if (!plaintext.empty())
    st.frames->received(plaintext);
  pump(self);
}

} // namespace

namespace kafka_session_detail {

void deliver(kafka_session_ptr self, response_slot slot, const kafka::request_header& header,
             std::string body) {
  std::vector<std::string> pieces;
  pieces.push_back(std::move(body)); // a braced list would copy it
  deliver(self, slot, header, std::move(pieces));
}

void deliver(kafka_session_ptr self, response_slot slot, const kafka::request_header& header,
             std::vector<std::string> body_pieces) {
  size_t body_bytes = 0;
  for (const auto& piece : body_pieces)
    body_bytes += piece.size();
  body_pieces.insert(body_pieces.begin(), kafka::response_head(header, body_bytes));
  self->state.answers.answer(slot, std::move(body_pieces));
  count_door_request("kafka", "ok");
  pump(self);
}

void deliver_nothing(kafka_session_ptr self, response_slot slot) {
  self->state.answers.answer(slot, {});
  count_door_request("kafka", "ok");
  pump(self);
}

void refuse(kafka_session_ptr self, const std::string& why) {
  auto& st = self->state;
  if (st.closed)
    return;
  spdlog::warn("kafka door: closing the connection of {}: {}", st.peer, why);
  count_door_request("kafka", "refused");
  st.closed = true;
  self->close(st.connection);
  self->quit();
}

} // namespace kafka_session_detail

caf::behavior kafka_session(kafka_session_ptr self, caf::io::connection_handle connection,
                            kafka_session_context context) {
  auto& st = self->state;
  st.connection = connection;
  st.counted.emplace("kafka");
  st.host = self->remote_addr(connection);
  st.peer = st.host + ":" + std::to_string(self->remote_port(connection));
  st.frames.emplace(context.config.frame_bytes_max);
  if (context.tls)
    st.tls.emplace(*context.tls);
  self->configure_read(connection, caf::io::receive_policy::at_most(context.config.read_bytes_max));
  self->ack_writes(connection, true);
  st.context = std::move(context);
  spdlog::debug("kafka door: {} connected", st.peer);
  return {
    [self](const caf::io::new_data_msg& msg) {
      if (self->state.closed)
        return;
      if (self->state.tls)
        return on_tls_bytes(self, {msg.buf.data(), msg.buf.size()});
      self->state.frames->received({msg.buf.data(), msg.buf.size()});
      pump(self);
    },
    [self](const caf::io::data_transferred_msg& msg) {
      auto& pending = self->state.output_pending_bytes;
      pending -= std::min(pending, msg.written);
      pump(self);
    },
    [self](const caf::io::connection_closed_msg&) {
      spdlog::debug("kafka door: {} disconnected", self->state.peer);
      self->state.closed = true;
      self->quit();
    },
  };
}

} // namespace strom
