#pragma once
// One Kafka connection's SASL authentication, after SaslHandshake and
// SaslAuthenticate have been read (sasl_api): PLAIN (RFC 4616) in one
// step, SCRAM-SHA-256 and SCRAM-SHA-512 in two (strom::scram_server). Pure:
// the door hands it the client's bytes and sends back what it answers.
//
// A failure never tells whether the user exists: a wrong password and an
// unknown user get the same answer. The exchange ends at the first failure
// or success; a later step changes nothing (Kafka closes the connection).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/security/scram_credential.hpp"
#include "net/kafka/kafka_errors.hpp"
#include "net/tls/scram_exchange.hpp"

namespace strom::kafka {

// SASL/PLAIN's "authzid NUL user NUL password": a name and a password are
// far shorter; a longer message is refused before it is split.
inline constexpr size_t sasl_plain_bytes_max = 1024;

inline constexpr const char* sasl_plain = "PLAIN";

// How the door checks a password and finds a SCRAM credential (it wires
// these to the node's security view). password_matches must take as long
// for an unknown user as for a wrong password.
struct sasl_verifier {
  std::function<bool(const std::string& user, std::string_view password)> password_matches;
  std::function<std::optional<scram_credential>(const std::string& user, scram_mechanism)>
    scram_credential_of;
};

// One SaslAuthenticate answer: the error (with its message) or the server's bytes.
struct sasl_step {
  error_code error = error_code::none;
  std::optional<std::string> message;
  std::string reply_bytes;
};

class sasl_exchange {
public:
  // `mechanisms`: the SASL names the door takes, each "PLAIN",
  // "SCRAM-SHA-256" or "SCRAM-SHA-512", in the order SaslHandshake lists
  // them; the verifier's function for each kind offered must be set.
  sasl_exchange(std::vector<std::string> mechanisms, sasl_verifier verifier);

  // UNSUPPORTED_SASL_MECHANISM for a mechanism not taken (names compare
  // case-sensitively, as Kafka's do; the client may name another), and
  // ILLEGAL_SASL_STATE once one was chosen.
  error_code handshake(const std::string& mechanism);
  // What SaslHandshake's answer lists.
  const std::vector<std::string>& mechanisms() const;

  // ILLEGAL_SASL_STATE before a handshake and after the exchange ended;
  // SASL_AUTHENTICATION_FAILED, which ends it, for a client that did not
  // prove its password or sent a malformed message.
  sasl_step authenticate(std::string_view auth_bytes);
  bool authenticated() const;
  bool failed() const;
  // The authenticated user; empty until authenticated().
  const std::string& user() const;

private:
  enum class state : uint8_t { want_handshake, want_authenticate, done, failed };

  sasl_step plain(std::string_view message);
  sasl_step scram(std::string_view message);
  // Ends the exchange as failed, with `message` for the client.
  sasl_step fail(std::string message);

  std::vector<std::string> mechanisms_;
  sasl_verifier verifier_;
  state state_ = state::want_handshake;
  std::optional<scram_server> scram_; // set by a SCRAM handshake
  std::string user_;
};

} // namespace strom::kafka
