#pragma once
// SCRAM's key derivation (RFC 5802 section 3): what `strom user create`
// computes from a password before anything leaves the tool, and what a door
// checks a client's proof against. Random bytes from OpenSSL's generator.

#include <cstddef>
#include <string>
#include <string_view>

#include "messages/security/scram_credential.hpp"

namespace strom {

inline constexpr size_t scram_salt_bytes = 16;

// A credential for `password` with a new random salt.
scram_credential make_scram_credential(std::string_view password, scram_mechanism m,
                                       int32_t iterations = scram_iterations_min);
// The same with a given salt (tests, and RFC 7677's vectors).
scram_credential scram_credential_with_salt(std::string_view password, scram_mechanism m,
                                            int32_t iterations, std::string salt);

// SaltedPassword := Hi(password, salt, i): a client needs it itself, for
// ClientKey, which a credential does not hold.
std::string scram_salted_password(std::string_view password, scram_mechanism m,
                                  int32_t iterations, std::string_view salt);

// H(), HMAC() and Hi() of the mechanism's digest.
std::string scram_hash(scram_mechanism m, std::string_view data);
std::string scram_hmac(scram_mechanism m, std::string_view key, std::string_view data);

// `size` bytes from a cryptographic random source.
std::string random_bytes(size_t size);

} // namespace strom
