#include "net/cluster/system_config.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/timespan.hpp>

#include "messages/registry.hpp"

namespace strom {

namespace {

// Well above a handshake (1-2 ms here): CAF drops an outgoing connection whose
// handshake has not finished by the first heartbeat tick.
constexpr std::chrono::milliseconds heartbeat_interval_ms{1000};
// Our own pings decide liveness within ~1.5 s; this only reclaims dead sockets.
constexpr std::chrono::milliseconds connection_timeout_ms{10000};
// Below this many cores the multiplexer deserializes what it reads itself.
constexpr unsigned small_machine_cores = 4;

} // namespace

strom_config::strom_config() {
  load<caf::io::middleman>();
  register_messages(*this);
  set("middleman.heartbeat-interval", caf::timespan{heartbeat_interval_ms});
  set("middleman.connection-timeout", caf::timespan{connection_timeout_ms});
  set("logger.console", caf::atom("none"));
  // One shared job queue instead of work stealing: stealing workers poll
  // while idle, and 3 nodes and a client share 2 cores here. Measured on
  // 3 local nodes (2 runs each, the machine shared): idle CPU per node
  // 23% -> 12%; produce 100 B, acks=all, window 1000: 62-84k -> 97-107k
  // records/s; window 1 p50 3.2-3.9 -> 2.7 ms.
  set("scheduler.policy", caf::atom("sharing"));
  // One worker per core, not CAF's max(cores, 4), and on small machines no
  // BASP deserializing workers (messages are read on the multiplexer's
  // thread): each is a thread hand-off fewer per hop. Measured on 3 local
  // nodes, 2 cores, 3 runs each: window-1 produce p50, R3 acks=all 1176-1224
  // -> 1064-1112 us, R1 572-636 -> 572-588 us; window 1000, 100 B: R3
  // 255-319k -> 272-348k records/s, R1 597-619k -> 641-657k.
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  set("scheduler.max-threads", static_cast<size_t>(cores));
  if (cores < small_machine_cores)
    set("middleman.workers", size_t{0});
}

strom_config::strom_config(const std::optional<tls_files>& tls) : strom_config() {
  if (!tls)
    return;
  load<caf::openssl::manager>();
  openssl_cafile = tls->ca_file;
  openssl_certificate = tls->cert_file;
  openssl_key = tls->key_file;
}

strom_config::strom_config(door_credentials credentials) : strom_config() {
  door = std::move(credentials);
}

strom_config::strom_config(const std::optional<tls_files>& tls,
                           std::optional<door_credentials> credentials)
    : strom_config(credentials ? std::nullopt : tls) {
  door = std::move(credentials);
}

const door_credentials* door_credentials_of(caf::actor_system& sys) {
  const auto* config = dynamic_cast<const strom_config*>(&sys.config());
  return config && config->door ? &*config->door : nullptr;
}

caf::io::middleman_actor link_middleman(caf::actor_system& sys) {
  return sys.has_openssl_manager() ? sys.openssl_manager().actor_handle()
                                   : sys.middleman().actor_handle();
}

} // namespace strom
