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

namespace strom {

struct strom_config : caf::actor_system_config {
  strom_config();
  // Check the files first (net/tls/tls_check.hpp): CAF's module ends the
  // process on a file it cannot use.
  explicit strom_config(const std::optional<tls_files>& tls);
};

// What connects to and publishes on other nodes: CAF's OpenSSL manager when
// the system was configured with TLS, its plain middleman otherwise.
caf::io::middleman_actor link_middleman(caf::actor_system& sys);

} // namespace strom
