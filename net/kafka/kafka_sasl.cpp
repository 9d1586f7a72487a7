// SaslHandshake and SaslAuthenticate through the Kafka door: the
// connection's sasl_exchange (PLAIN or SCRAM) against the credentials the
// node's security view holds. Authenticated, the user is the connection's
// principal; a failure is answered SASL_AUTHENTICATION_FAILED and the
// connection closed, as Kafka does.

#include <map>

#include "net/door/door_login.hpp"
#include "net/kafka/kafka_session.hpp"
#include "net/kafka/sasl_api.hpp"

namespace strom::kafka_session_detail {

namespace {

using kafka::error_code;

// The SASL names of the manifest's mechanisms the door takes (mtls is no
// SASL mechanism).
std::vector<std::string> sasl_mechanisms_of(const std::optional<door_security>& security) {
  static const std::map<std::string, std::string> names{{"plain", "PLAIN"},
                                                        {"scram-sha-256", "SCRAM-SHA-256"},
                                                        {"scram-sha-512", "SCRAM-SHA-512"}};
  std::vector<std::string> out;
  if (security)
    for (const auto& m : security->mechanisms)
      if (auto it = names.find(m); it != names.end())
        out.push_back(it->second);
  return out;
}

kafka::sasl_verifier verifier_of(const kafka_session_context& ctx) {
  kafka::sasl_verifier v;
  if (!ctx.security)
    return v;
  auto security = *ctx.security;
  auto passwords = ctx.passwords;
  v.password_matches = [security, passwords](const std::string& user, std::string_view pw) {
    return password_login(security, *passwords, user, pw).has_value();
  };
  v.scram_credential_of = [view = security.view](const std::string& user, scram_mechanism m) {
    const auto* c = view->current()->users_and_acls.credential(user, m);
    return c ? std::optional<scram_credential>{*c} : std::nullopt;
  };
  return v;
}

} // namespace

void sasl_handshake(kafka_session_ptr self, response_slot slot, const kafka::parsed_request& r) {
  auto mechanism = kafka::read_sasl_handshake(r.header.api_version, r.body);
  if (!mechanism)
    return refuse(self, mechanism.error().message);
  auto& st = self->state;
  if (!st.sasl)
    st.sasl.emplace(sasl_mechanisms_of(st.context.security), verifier_of(st.context));
  auto code = st.principal ? error_code::illegal_sasl_state : st.sasl->handshake(*mechanism);
  deliver(self, slot, r.header,
          kafka::write_sasl_handshake(r.header.api_version, code, st.sasl->mechanisms()));
}

void sasl_authenticate(kafka_session_ptr self, response_slot slot,
                       const kafka::parsed_request& r) {
  auto bytes = kafka::read_sasl_authenticate(r.header.api_version, r.body);
  if (!bytes)
    return refuse(self, bytes.error().message);
  auto& st = self->state;
  kafka::sasl_authenticate_answer answer;
  if (!st.sasl) {
    answer.error = error_code::illegal_sasl_state;
    answer.error_message = "SaslHandshake first";
  } else {
    auto step = st.sasl->authenticate(*bytes);
    answer.error = step.error;
    answer.error_message = step.message;
    answer.auth_bytes = std::move(step.reply_bytes);
    if (st.sasl->authenticated() && !st.principal)
      st.principal = door_principal{user_principal(st.sasl->user()), st.host};
  }
  deliver(self, slot, r.header, kafka::write_sasl_authenticate(r.header.api_version, answer));
  if (answer.error != error_code::none)
    refuse(self, "SASL authentication failed: " + answer.error_message.value_or(""));
}

} // namespace strom::kafka_session_detail
