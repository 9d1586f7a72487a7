#pragma once
// TLS for the doors that get raw bytes from CAF's io brokers (the line door,
// Kafka's): one context per door from the node's client-facing files, and
// the principal a connection's verified client certificate names.

#include <optional>
#include <string>

#include "messages/result.hpp"
#include "net/door/door_security.hpp"
#include "net/tls/tls_channel.hpp"

namespace strom {

// A client certificate is required when mtls is the door's only mechanism,
// else verified when one is sent.
result<tls_server_context> door_tls_context(const door_security& security);

// "User:CN" of the verified client certificate, when the door takes mtls
// and the handshake is done.
std::optional<door_principal> certificate_principal(const door_security& security,
                                                    const tls_channel& channel,
                                                    const std::string& host);

} // namespace strom
