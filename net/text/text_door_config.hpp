#pragma once
// Every limit of the line-protocol door, with its unit last. The defaults
// suit people at a telnet prompt and scripts piping lines through nc.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace strom {

struct text_door_config {
  // Where the door listens: the node's host and its manifest text_port.
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  // A longer line is answered `ERR line_too_long` and skipped up to its
  // newline; it is never buffered whole.
  size_t line_bytes_max = 64 * 1024;
  // Bytes handed to the socket that the client has not read yet. Past this
  // the client is cut off (as Redis cuts a pub/sub client that falls behind
  // its output buffer limit): a reader that stops must not make the node
  // buffer a stream without bound.
  size_t output_bytes_max = 1u << 20;
  // Commands whose answers are not written yet. Past this the door stops
  // reading the socket until answers go out, so a client pipelining
  // thousands of lines is slowed, not buffered.
  size_t commands_in_flight_max = 256;
  // The most bytes one read takes from the socket.
  size_t read_bytes_max = 16 * 1024;
  // One request to the local broker (metadata, topic creation).
  std::chrono::milliseconds request_timeout_ms{10000};
  // How long SUBS and CONS wait for a topic this node does not know yet
  // (just created through another node), and CRTP for the topic it created
  // to show in this node's metadata, before answering.
  std::chrono::milliseconds topic_wait_ms{3000};
  // A stream asks its consumer for at most this many records at a time and
  // waits up to poll_wait_ms for the first.
  size_t poll_records_max = 500;
  std::chrono::milliseconds poll_wait_ms{500};
  // What a stream's consumer may hold that the door has not written yet.
  uint64_t consumer_credit_bytes = 1u << 20;
  // A SUBS stream commits what it wrote this often (and when it ends).
  std::chrono::milliseconds stream_commit_interval_ms{5000};
  // From PUBS to its answer: then the record fails with `ERR timeout`.
  std::chrono::milliseconds publish_timeout_ms{30000};
};

} // namespace strom
