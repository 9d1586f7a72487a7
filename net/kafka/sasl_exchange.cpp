#include "net/kafka/sasl_exchange.hpp"

#include <algorithm>
#include <utility>

#include "messages/check.hpp"

namespace strom::kafka {

namespace {

// Kafka's own words, so that a client's log reads as it does against Kafka.
const char* const invalid_credentials = "Authentication failed: Invalid username or password";
const char* const other_authzid =
  "Authentication failed: Client requested an authorization id that is different from username";

// A SCRAM mechanism only under its exact SASL name: parse_scram_mechanism
// also takes other spellings, which Kafka's clients would not send.
std::optional<scram_mechanism> exact_scram_mechanism(const std::string& name) {
  auto m = parse_scram_mechanism(name);
  if (m && name != to_string(*m))
    return std::nullopt;
  return m;
}

struct plain_message {
  std::string_view authzid;
  std::string_view user;
  std::string_view password;
};

// Exactly three fields, split at NUL: none of them may hold one (RFC 4616).
std::optional<plain_message> parse_plain(std::string_view message) {
  auto first = message.find('\0');
  if (first == std::string_view::npos)
    return std::nullopt;
  auto second = message.find('\0', first + 1);
  if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos)
    return std::nullopt;
  return plain_message{message.substr(0, first), message.substr(first + 1, second - first - 1),
                       message.substr(second + 1)};
}

} // namespace

sasl_exchange::sasl_exchange(std::vector<std::string> mechanisms, sasl_verifier verifier)
  : mechanisms_(std::move(mechanisms)), verifier_(std::move(verifier)) {
  for (const auto& m : mechanisms_) {
    bool plain = m == sasl_plain;
    STROM_CHECK(plain || exact_scram_mechanism(m));
    STROM_CHECK(plain ? bool(verifier_.password_matches) : bool(verifier_.scram_credential_of));
  }
}

error_code sasl_exchange::handshake(const std::string& mechanism) {
  if (state_ != state::want_handshake)
    return error_code::illegal_sasl_state;
  if (std::find(mechanisms_.begin(), mechanisms_.end(), mechanism) == mechanisms_.end())
    return error_code::unsupported_sasl_mechanism;
  if (auto scram = exact_scram_mechanism(mechanism)) {
    auto lookup = verifier_.scram_credential_of;
    auto m = *scram;
    scram_.emplace(m, [lookup, m](const std::string& user) { return lookup(user, m); });
  }
  state_ = state::want_authenticate;
  return error_code::none;
}

const std::vector<std::string>& sasl_exchange::mechanisms() const { return mechanisms_; }

sasl_step sasl_exchange::authenticate(std::string_view auth_bytes) {
  switch (state_) {
    case state::want_handshake:
      return {error_code::illegal_sasl_state, "SaslAuthenticate before SaslHandshake", {}};
    case state::done:
      return {error_code::illegal_sasl_state, "SASL authentication already done", {}};
    case state::failed:
      return {error_code::illegal_sasl_state, "SASL authentication already failed", {}};
    case state::want_authenticate: break;
  }
  return scram_ ? scram(auth_bytes) : plain(auth_bytes);
}

bool sasl_exchange::authenticated() const { return state_ == state::done; }

bool sasl_exchange::failed() const { return state_ == state::failed; }

const std::string& sasl_exchange::user() const { return user_; }

sasl_step sasl_exchange::plain(std::string_view message) {
  if (message.size() > sasl_plain_bytes_max)
    return fail("Authentication failed: SASL/PLAIN message too long");
  auto parts = parse_plain(message);
  if (!parts)
    return fail("Authentication failed: SASL/PLAIN message is not authzid, user and password");
  if (parts->user.empty())
    return fail("Authentication failed: username not specified");
  if (parts->password.empty())
    return fail("Authentication failed: password not specified");
  // Checked before the password: it depends on the client's words alone,
  // and a refused identity need not cost a password check.
  if (!parts->authzid.empty() && parts->authzid != parts->user)
    return fail(other_authzid);
  std::string user{parts->user};
  if (!verifier_.password_matches(user, parts->password))
    return fail(invalid_credentials);
  user_ = std::move(user);
  state_ = state::done;
  return {};
}

sasl_step sasl_exchange::scram(std::string_view message) {
  auto reply = scram_->step(message);
  if (!reply)
    return fail(reply.error().message);
  if (scram_->done()) {
    user_ = scram_->user();
    state_ = state::done;
  }
  return {error_code::none, std::nullopt, std::move(*reply)};
}

sasl_step sasl_exchange::fail(std::string message) {
  state_ = state::failed;
  user_.clear();
  return {error_code::sasl_authentication_failed, std::move(message), {}};
}

} // namespace strom::kafka
