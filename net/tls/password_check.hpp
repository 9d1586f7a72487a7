#pragma once
// Checks a password a client sent in the clear (over TLS: HTTP Basic, gRPC
// per-call credentials, the line door's AUTH, SASL PLAIN) against the
// user's SCRAM credential: the password's stored key is derived and
// compared in constant time. Deriving costs thousands of PBKDF2 rounds, so
// a password that matched once is remembered by a salted fast hash, per
// user, until the credential changes.

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "messages/security/scram_credential.hpp"

namespace strom {

class password_check {
public:
  bool matches(const std::string& user, const scram_credential& c, std::string_view password);

private:
  struct remembered {
    std::string stored_key; // of the credential it matched
    std::string digest;     // H(salt || password)
  };
  std::mutex mutex_;
  std::map<std::string, remembered> matched_;
};

} // namespace strom
