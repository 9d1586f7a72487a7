#pragma once
// The principal a client certificate names: its subject's common name,
// once the TLS handshake verified it against the door's client CA. Every
// TLS door (HTTP, the line door, Kafka's) asks the same way.

#include <optional>
#include <string>

struct ssl_st;

namespace strom {

// Nothing when the client sent no certificate or it was not verified.
std::optional<std::string> verified_peer_name(const ssl_st* ssl);

} // namespace strom
