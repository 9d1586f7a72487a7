#pragma once
// One connection of the line door: an io broker forked by the door for the
// connection. It reads lines, runs their commands through the node's own
// broker (topics, metadata), the door's producer (PUBS) and a consumer of
// its own (SUBS, CONS), and writes one answer per line, in line order; a
// stream's record lines follow its OK. The pure session_state decides what
// may run and holds the answers; this actor does the I/O.
//
//   socket         -> session: new_data, data_transferred, connection_closed
//   producer       -> session: published(slot, partition, offset, error)
//   its consumer   -> session: stream_line(stream, line) (a rebalance)
//   door           -> session: exit at shutdown (linked)
//
// A client more than output_bytes_max behind is cut off (connection reset).
// With security, the bytes are TLS (tls_channel) and each command asks
// text_access for the session's principal: a client certificate's, or
// AUTH's.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/io/broker.hpp>

#include "messages/interfaces.hpp"
#include "net/client/delivered_offsets.hpp"
#include "net/client/endpoint.hpp"
#include "net/door/door_metrics.hpp"
#include "net/door/door_security.hpp"
#include "net/text/session_state.hpp"
#include "net/text/text_door_config.hpp"
#include "net/tls/password_check.hpp"
#include "net/tls/tls_channel.hpp"

namespace strom {

// What every session of a door shares.
struct text_session_context {
  text_door_config config;
  broker_actor broker;             // the node's own
  caf::actor producer;             // the door's producer_actor
  std::vector<endpoint> bootstrap; // the node's broker, for stream consumers
  // With security: the door's mechanisms and the node's authorizer, its
  // TLS (one context for every connection), passwords that matched.
  std::optional<door_security> security;
  std::optional<tls_server_context> tls;
  std::shared_ptr<password_check> passwords;
};

struct text_session_state {
  static inline const char* name = "strom.text_session";

  text_session_context context;
  caf::io::connection_handle connection;
  std::optional<session_state> core;
  std::string peer; // host:port, for the log
  std::string host; // the client's address, as ACLs name hosts
  std::optional<tls_channel> tls;
  std::optional<door_principal> principal; // once authenticated
  bool reading = true;
  bool quitting = false; // QUIT answered: close once it is written
  bool closed = false;   // nothing more is written
  // The stream of SUBS or CONS: its consumer, and a number that tells its
  // polls from those of an earlier stream.
  caf::actor consumer;
  uint64_t stream = 0;
  // A SUBS stream's group commits what was written to the client, not what
  // its consumer handed out (a poll's answer may find the client gone).
  bool commits = false;
  delivered_offsets delivered;
  std::chrono::steady_clock::time_point next_commit;
  std::optional<door_connection> counted; // open while the session lives
};

using text_session_ptr = caf::io::stateful_broker<text_session_state>*;

caf::behavior text_session(text_session_ptr self, caf::io::connection_handle connection,
                           text_session_context context);

namespace text_session_detail {

// Answers a command that finished later, then runs what may run now.
void deliver(text_session_ptr self, answer_slot slot, std::string line);
// Writes bytes to the client, cutting it off when it is too far behind.
void write_out(text_session_ptr self, const std::string& bytes);

// text_stream.cpp: SUBS, CONS and STOP.
void start_subscribe(text_session_ptr self, answer_slot slot, subscribe_command command);
void start_consume(text_session_ptr self, answer_slot slot, consume_command command);
void run_stop(text_session_ptr self, answer_slot slot);
// Ends the stream, if any: gracefully (the consumer commits and leaves its
// group) or at once (node shutdown).
void end_stream(text_session_ptr self, bool graceful);

} // namespace text_session_detail

} // namespace strom
