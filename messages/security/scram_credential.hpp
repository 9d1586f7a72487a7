#pragma once
// A user's SCRAM credential as the cluster stores it (RFC 5802 and 7677):
// the salt, the iteration count and the two keys derived from the salted
// password. The password itself is never stored, nor sent to a node: the
// tool that sets it derives these (net/tls/scram.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace strom {

enum class scram_mechanism : uint8_t { sha_256 = 1, sha_512 = 2 };

// Kafka's bounds for the iteration count.
inline constexpr int32_t scram_iterations_min = 4096;
inline constexpr int32_t scram_iterations_max = 16384;

struct scram_credential {
  scram_mechanism mechanism = scram_mechanism::sha_256;
  std::string salt;       // raw bytes
  std::string stored_key; // H(ClientKey)
  std::string server_key; // HMAC(SaltedPassword, "Server Key")
  int32_t iterations = scram_iterations_min;

  // How CAF carries it (a tool sends it to the controller); no CAF header.
  template <class Inspector>
  friend auto inspect(Inspector& f, scram_credential& x) {
    return f(x.mechanism, x.salt, x.stored_key, x.server_key, x.iterations);
  }
};

// "SCRAM-SHA-256", as SASL names it.
const char* to_string(scram_mechanism m);
// Either SASL's name or the manifest's ("scram-sha-512"); nothing for others.
std::optional<scram_mechanism> parse_scram_mechanism(std::string_view text);
// The digest's size in bytes: 32 or 64.
size_t digest_size_bytes(scram_mechanism m);

// bad_request unless the salt is there, the keys are the digest's size and
// the iterations are within Kafka's bounds.
result<void> validate(const scram_credential& c);

} // namespace strom
