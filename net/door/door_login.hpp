#pragma once
// A user's password checked against the credential the cluster stores for
// them, for every door that takes a password in the clear over TLS: HTTP
// and gRPC's Basic credentials, the line door's AUTH, SASL PLAIN. The
// answer never says whether the user exists.

#include <optional>
#include <string>
#include <string_view>

#include "net/door/door_security.hpp"
#include "net/tls/password_check.hpp"

namespace strom {

// The user, when `password` is theirs.
std::optional<std::string> password_login(const door_security& security, password_check& check,
                                          const std::string& user, std::string_view password);

// The user of an `Authorization` value "Basic base64(user:password)", when
// the password is theirs.
std::optional<std::string> basic_login(const door_security& security, password_check& check,
                                       std::string_view authorization);

} // namespace strom
