#pragma once
// HTTPS and secure WebSocket calls for the door's security tests: the
// client's TLS files (a CA to trust the node by, a certificate of its own
// or none) and Basic credentials or none; one connection per call, every
// wait bounded.

#include <chrono>
#include <cstdint>
#include <string>

#include "tests/integration/http/support/http_client.hpp"
#include "tests/integration/support/secure_cluster.hpp"

namespace strom::testing {

using https_caller = door_caller; // its password goes as Basic credentials

// status 0: no answer (the handshake or the connection refused).
http_reply https_call(uint16_t port, const https_caller& who, const std::string& method,
                      const std::string& target, const std::string& body = "",
                      std::chrono::milliseconds timeout = std::chrono::milliseconds{20000});

// A secure WebSocket's upgrade: 101 once upgraded, the door's refusal
// status, or 0 when the connection failed.
int wss_upgrade(uint16_t port, const https_caller& who, const std::string& target,
                std::chrono::milliseconds timeout = std::chrono::milliseconds{20000});

} // namespace strom::testing
