#pragma once
// The actor system configuration every strom process uses: the middleman for
// remoting, every message type announced, connection heartbeats on so that
// a frozen peer's connection is eventually closed (CAF leaves them off), and
// the sharing scheduler (work stealing polls while idle). With TLS files,
// CAF's OpenSSL module too: every connection then is mutual TLS, and
// link_middleman is the one that dials and publishes.

#include <optional>

#include <caf/actor_system_config.hpp>
#include <caf/io/middleman_actor.hpp>

#include "messages/security_config.hpp"
#include "net/client/door_credentials.hpp"

namespace strom {

struct strom_config : caf::actor_system_config {
  strom_config();
  // Check the files first (net/tls/tls_check.hpp): CAF's module ends the
  // process on a file it cannot use.
  explicit strom_config(const std::optional<tls_files>& tls);
  // An application's: its client library reaches nodes through their
  // client doors with these credentials (net/client/door_credentials.hpp).
  explicit strom_config(door_credentials credentials);
  // A tool's: a node's TLS files, or a user's credentials, or neither.
  strom_config(const std::optional<tls_files>& tls, std::optional<door_credentials> credentials);

  std::optional<door_credentials> door;
};

// The credentials the system's client library uses, if any.
const door_credentials* door_credentials_of(caf::actor_system& sys);

// What connects to and publishes on other nodes: CAF's OpenSSL manager when
// the system was configured with TLS, its plain middleman otherwise.
caf::io::middleman_actor link_middleman(caf::actor_system& sys);

} // namespace strom
