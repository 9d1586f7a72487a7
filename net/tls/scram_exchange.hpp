#pragma once
// SCRAM's message exchange (RFC 5802, with RFC 7677's SHA-256 and the
// SHA-512 Kafka adds): "SCRAM-SHA-256" and "SCRAM-SHA-512" as Kafka's
// SaslAuthenticate carries them. Pure and CAF-free, so that every door (and
// the C++ client) drives the same code with the bytes it receives.
//
// What strom does not support is refused, not ignored: channel binding
// ("p=" in the GS2 header), an authorization identity other than the user,
// and Kafka's delegation tokens (the "tokenauth" extension).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "messages/security/scram_credential.hpp"

namespace strom {

// No SCRAM message of a sane client or server comes near this; a longer one
// is refused before it is parsed.
inline constexpr size_t scram_message_bytes_max = 4096;
// The random part of a nonce, before base64: 24 bytes make 32 printable
// characters, none of them ','.
inline constexpr size_t scram_nonce_random_bytes = 24;

// ',' and '=' escaped as SASL names need them ("=2C", "=3D"), and back.
// Unescaping gives nothing for a name that is not a valid saslname.
std::string scram_escape_name(std::string_view name);
std::optional<std::string> scram_unescape_name(std::string_view saslname);

// The server's side of one authentication. Every failure is
// errc::unauthenticated ("authentication failed", with the protocol's reason
// after a colon) and ends the exchange; a wrong password and an unknown user
// fail alike, with "authentication failed" alone, at the proof.
class scram_server {
public:
  // The stored credential of a user for the mechanism, or nothing (unknown user).
  using credential_lookup =
    std::function<std::optional<scram_credential>(const std::string& user)>;

  // `nonce_for_tests`, when given, replaces the random part of the server's nonce.
  scram_server(scram_mechanism m, credential_lookup lookup, std::string nonce_for_tests = {});

  // client-first-message in, server-first-message out; then client-final in,
  // server-final out. Anything after that, or after a failure, is refused
  // and changes nothing: a done exchange stays done.
  result<std::string> step(std::string_view client_message);
  // The client proved it knows the user's password.
  bool done() const;
  // The authenticated user (unescaped); empty until done().
  const std::string& user() const;

private:
  enum class state : uint8_t { want_client_first, want_client_final, done, failed };

  result<std::string> client_first(std::string_view message);
  result<std::string> client_final(std::string_view message);
  bool nonce_matches(std::string_view nonce) const;
  void load_credential(const std::string& user);
  // Ends the exchange as failed and hands `err` on.
  strom::error fail(strom::error err);

  scram_mechanism mechanism_;
  credential_lookup lookup_;
  std::string nonce_for_tests_;
  state state_ = state::want_client_first;
  std::string gs2_header_;        // as received: "n,," or "n,a=name,"
  std::string pending_user_;      // named in client-first, not yet proven
  std::string user_;              // set once proven
  std::string nonce_;             // the client's and the server's together
  std::string client_nonce_;      // the client's alone
  std::string auth_message_head_; // client-first-bare "," server-first ","
  scram_credential credential_;   // the user's, or a made-up one for an unknown user
  bool known_user_ = false;
};

// The client's side, for the tests and the C++ client library.
class scram_client {
public:
  // `nonce_for_tests`, when given, is the client's nonce instead of a random one.
  scram_client(scram_mechanism m, std::string user, std::string password,
               std::string nonce_for_tests = {});

  // "n,,n=user,r=nonce".
  std::string first_message();
  // The client-final-message with the proof, after checking the server's
  // nonce extends the client's and the iterations are within Kafka's bounds.
  result<std::string> final_message(std::string_view server_first);
  // Checks the server's signature ("v="): the server knew the credential too.
  result<void> verify_server(std::string_view server_final);

private:
  enum class state : uint8_t { want_first, want_server_first, want_server_final, done, failed };

  // Ends the exchange as failed and hands `err` on.
  strom::error fail(strom::error err);

  scram_mechanism mechanism_;
  std::string user_;
  std::string password_;
  std::string nonce_;
  state state_ = state::want_first;
  std::string client_first_bare_;
  std::string expected_server_signature_;
};

} // namespace strom
