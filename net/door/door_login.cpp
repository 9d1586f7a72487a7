#include "net/door/door_login.hpp"

#include "messages/base64.hpp"
#include "net/tls/scram.hpp"

namespace strom {

std::optional<std::string> password_login(const door_security& security, password_check& check,
                                          const std::string& user, std::string_view password) {
  auto snapshot = security.view->current();
  for (auto m : {scram_mechanism::sha_512, scram_mechanism::sha_256})
    if (auto c = snapshot->users_and_acls.credential(user, m))
      return check.matches(user, *c, password) ? std::optional<std::string>{user}
                                               : std::nullopt;
  // An unknown user costs what a wrong password costs: the time of the
  // answer does not tell whether the user exists.
  static const std::string unknown_user_salt(scram_salt_bytes, '\0');
  scram_salted_password(password, scram_mechanism::sha_256, scram_iterations_min,
                        unknown_user_salt);
  return std::nullopt;
}

std::optional<std::string> basic_login(const door_security& security, password_check& check,
                                       std::string_view authorization) {
  static constexpr std::string_view basic = "Basic ";
  if (authorization.substr(0, basic.size()) != basic)
    return std::nullopt;
  auto decoded = base64_decode(authorization.substr(basic.size()));
  auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos)
    return std::nullopt;
  return password_login(security, check, decoded->substr(0, colon),
                        std::string_view{*decoded}.substr(colon + 1));
}

} // namespace strom
