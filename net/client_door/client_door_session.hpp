#pragma once
// One connection to a node's client door: an io broker that speaks the
// client door's protocol (net/client/door_protocol.hpp) over TLS (when the
// cluster is secured), authenticates its client (a client certificate or
// SCRAM), and passes each call it may make to the node's broker or to a
// session the connection opened. Replies, failures and the sessions' pushes
// go back as frames. The connection's end (either side) ends its sessions:
// they monitor it as their consumer.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <caf/io/broker.hpp>

#include "messages/interfaces.hpp"
#include "net/client/door_protocol.hpp"
#include "net/client/endpoint.hpp"
#include "net/door/door_security.hpp"
#include "net/tls/scram_exchange.hpp"
#include "net/tls/tls_channel.hpp"

namespace strom {

// What every connection of a door shares.
struct client_door_context {
  broker_actor broker; // the node's own
  // Each node's client door, for the brokers of metadata answers: a client
  // that came in through a door reaches the others through theirs.
  std::map<node_id, endpoint> advertised;
  std::optional<door_security> security; // nothing: plaintext, open to all
  std::optional<tls_server_context> tls;
};

struct client_door_session_state {
  static inline const char* name = "strom.client_door_session";
  std::shared_ptr<const client_door_context> context;
  caf::io::connection_handle connection;
  std::string host;
  std::string peer;
  std::optional<tls_channel> tls;
  door_frame_reader frames;
  std::optional<door_principal> principal;
  std::optional<scram_server> scram;
  std::map<uint64_t, caf::actor> sessions; // by the number the client names
  std::map<caf::actor_addr, uint64_t> session_numbers;
  uint64_t next_session = 1;
  // Raft group -> its partition, from every metadata answer passed on.
  std::map<group_id, topic_partition> partitions;
  bool closed = false;
};

using client_door_session_ptr = caf::io::stateful_broker<client_door_session_state>*;

caf::behavior client_door_session(client_door_session_ptr self,
                                  caf::io::connection_handle connection,
                                  std::shared_ptr<const client_door_context> context);

} // namespace strom
