#pragma once
// Every limit of the HTTP/REST and WebSocket door, with its unit last. The
// cluster-facing limits (request and publish timeouts, consumers held,
// consumer credit) are door_client_config's.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace strom {

struct http_door_config {
  // Where the door listens: the node's host and its manifest http_port.
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  // A request body past this is refused with 413 before it is read whole.
  size_t body_bytes_max = 8u << 20;
  // Records in one produce request.
  size_t produce_records_max = 10000;
  // Threads that run the door_client's blocking calls (every REST request,
  // a WebSocket's topic check and close): never the door's socket thread.
  // A long poll or a produce holds one while it waits, so there are more
  // than cores; requests beyond queue for the next free one.
  size_t admin_threads = 16;
  // From a request's first byte to its last, and an idle keep-alive
  // connection between requests: then the connection closes.
  std::chrono::milliseconds request_read_timeout_ms{30000};
  // GET records: how long a read waits for its first record, and how many
  // it returns at most.
  std::chrono::milliseconds read_wait_ms_default{1000};
  std::chrono::milliseconds read_wait_ms_max{30000};
  size_t read_records_default = 100;
  size_t read_records_max = 1000;
  // A REST consumer instance nobody used for this long is closed (it
  // leaves its group).
  std::chrono::milliseconds consumer_idle_timeout_ms{300000};
  std::chrono::milliseconds consumer_sweep_interval_ms{1000};
  // WebSocket sessions open at once, each with a consumer of its own; an
  // upgrade beyond is refused with 429.
  size_t ws_sessions_max = 256;
  // WebSocket: bytes queued for a client that it has not taken yet. Past
  // ws_pause_bytes the socket's consumer is paused (and resumed below half
  // of it): a slow reader sets the pace. What the consumer fetched before
  // the pause took effect still comes (a few MiB on loopback); past
  // ws_output_bytes_max, which that should never reach, the client is cut
  // off, its connection reset, rather than buffered without bound.
  size_t ws_pause_bytes = 2u << 20;
  size_t ws_output_bytes_max = 16u << 20;
  // A client that takes nothing of what is queued for this long has
  // stopped reading: it is cut off.
  std::chrono::milliseconds ws_stall_timeout_ms{5000};
  // WebSocket keep-alive: with no frame from the client for half of this,
  // the door pings it; with none for all of it, the socket is closed.
  std::chrono::milliseconds ws_idle_timeout_ms{30000};
  std::chrono::milliseconds ws_handshake_timeout_ms{10000};
  // A WebSocket client frame past this closes the socket (clients only
  // send control frames and small messages, which the door ignores).
  size_t ws_message_bytes_max = 64u << 10;
  // How often a socket's group commits what the door wrote to it, and the
  // stall check runs.
  std::chrono::milliseconds ws_commit_interval_ms{1000};
  // Every node's HTTP door by node id (from the manifest), this one's
  // included: the web console reads each node's /metrics through its own
  // node (/v1/nodes/N/metrics), each fetch bounded by node_fetch_timeout_ms.
  std::map<int32_t, std::pair<std::string, uint16_t>> node_doors;
  std::chrono::milliseconds node_fetch_timeout_ms{2000};
};

} // namespace strom
