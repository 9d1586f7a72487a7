// One connection's SASL exchange: PLAIN in one step (Kafka's answers to a
// wrong password, an unknown user, another authorization identity, a
// malformed message), SCRAM-SHA-256 and -512 in two against strom's own
// client, and the order SaslHandshake then SaslAuthenticate enforced.

#include <gtest/gtest.h>

#include <map>

#include "net/kafka/sasl_exchange.hpp"
#include "net/tls/scram.hpp"
#include "net/tls/scram_exchange.hpp"

namespace strom::kafka {
namespace {

const std::vector<std::string> all_mechanisms{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"};
const char* const invalid_credentials = "Authentication failed: Invalid username or password";

// The users a test's door knows, each with a password and credentials of
// both SCRAM mechanisms; counts the password checks and lookups made.
struct user_base {
  std::map<std::string, std::string> passwords;
  std::map<std::pair<std::string, scram_mechanism>, scram_credential> credentials;
  int password_checks = 0;
  std::vector<scram_mechanism> lookups;

  void add(const std::string& user, const std::string& password) {
    passwords[user] = password;
    for (auto m : {scram_mechanism::sha_256, scram_mechanism::sha_512})
      credentials[{user, m}] = make_scram_credential(password, m);
  }

  sasl_verifier verifier() {
    return {[this](const std::string& user, std::string_view password) {
              ++password_checks;
              auto it = passwords.find(user);
              return it != passwords.end() && it->second == password;
            },
            [this](const std::string& user,
                   scram_mechanism m) -> std::optional<scram_credential> {
              lookups.push_back(m);
              auto it = credentials.find({user, m});
              if (it == credentials.end())
                return std::nullopt;
              return it->second;
            }};
  }
};

// "authzid NUL user NUL password".
std::string plain_message(const std::string& authzid, const std::string& user,
                          const std::string& password) {
  return authzid + '\0' + user + '\0' + password;
}

class kafka_sasl_exchange : public ::testing::Test {
protected:
  void SetUp() override { users.add("alice", "secret"); }

  sasl_exchange after_handshake(const std::string& mechanism) {
    sasl_exchange e{all_mechanisms, users.verifier()};
    EXPECT_EQ(e.handshake(mechanism), error_code::none);
    return e;
  }

  // A PLAIN exchange that fails on `message`, with Kafka's error.
  std::string plain_refusal(const std::string& message) {
    auto e = after_handshake("PLAIN");
    auto step = e.authenticate(message);
    EXPECT_EQ(step.error, error_code::sasl_authentication_failed);
    EXPECT_TRUE(e.failed());
    EXPECT_FALSE(e.authenticated());
    EXPECT_EQ(e.user(), "");
    EXPECT_EQ(step.reply_bytes, "");
    return step.message.value_or("");
  }

  user_base users;
};

TEST_F(kafka_sasl_exchange, plain_with_the_password_authenticates) {
  for (const char* authzid : {"", "alice"}) {
    auto e = after_handshake("PLAIN");
    auto step = e.authenticate(plain_message(authzid, "alice", "secret"));
    EXPECT_EQ(step.error, error_code::none);
    EXPECT_EQ(step.message, std::nullopt);
    EXPECT_EQ(step.reply_bytes, "");
    EXPECT_TRUE(e.authenticated());
    EXPECT_FALSE(e.failed());
    EXPECT_EQ(e.user(), "alice");
  }
}

TEST_F(kafka_sasl_exchange, plain_wrong_password_and_unknown_user_fail_alike) {
  EXPECT_EQ(plain_refusal(plain_message("", "alice", "wrong")), invalid_credentials);
  EXPECT_EQ(plain_refusal(plain_message("", "mallory", "secret")), invalid_credentials);
  EXPECT_EQ(users.password_checks, 2);
}

TEST_F(kafka_sasl_exchange, plain_refuses_another_authorization_identity) {
  EXPECT_EQ(plain_refusal(plain_message("bob", "alice", "secret")),
            "Authentication failed: Client requested an authorization id that is different "
            "from username");
  EXPECT_EQ(users.password_checks, 0);
}

TEST_F(kafka_sasl_exchange, plain_refuses_malformed_messages_unchecked) {
  std::string nul(1, '\0');
  for (const std::string& message :
       {std::string{}, std::string{"alice"}, "alice" + nul + "secret",
        nul + "alice" + nul + "secret" + nul, nul + "alice" + nul + "se" + nul + "cret"})
    EXPECT_NE(plain_refusal(message), "") << message.size() << " bytes";
  EXPECT_EQ(plain_refusal(plain_message("", "", "secret")),
            "Authentication failed: username not specified");
  EXPECT_EQ(plain_refusal(plain_message("", "alice", "")),
            "Authentication failed: password not specified");
  EXPECT_EQ(users.password_checks, 0);
}

TEST_F(kafka_sasl_exchange, plain_takes_messages_up_to_its_limit) {
  auto fits = plain_message("", "long", "");
  std::string password(sasl_plain_bytes_max - fits.size(), 'p');
  users.add("long", password);
  auto e = after_handshake("PLAIN");
  auto at_limit = plain_message("", "long", password);
  ASSERT_EQ(at_limit.size(), sasl_plain_bytes_max);
  EXPECT_EQ(e.authenticate(at_limit).error, error_code::none);
  EXPECT_TRUE(e.authenticated());
  EXPECT_EQ(plain_refusal(plain_message("", "long", password + "p")),
            "Authentication failed: SASL/PLAIN message too long");
  EXPECT_EQ(users.password_checks, 1);
}

// Runs `m` with strom's SCRAM client to the end; the exchange's last step.
sasl_step scram_exchange_of(sasl_exchange& e, scram_mechanism m, const std::string& user,
                            const std::string& password, bool* server_verified = nullptr) {
  scram_client client{m, user, password};
  auto first = e.authenticate(client.first_message());
  EXPECT_EQ(first.error, error_code::none) << first.message.value_or("");
  EXPECT_FALSE(e.authenticated());
  auto client_final = client.final_message(first.reply_bytes);
  EXPECT_TRUE(client_final) << client_final.error().describe();
  if (!client_final)
    return first;
  auto last = e.authenticate(*client_final);
  if (server_verified)
    *server_verified = bool(client.verify_server(last.reply_bytes));
  return last;
}

TEST_F(kafka_sasl_exchange, scram_authenticates_with_both_digests) {
  for (auto m : {scram_mechanism::sha_256, scram_mechanism::sha_512}) {
    auto e = after_handshake(to_string(m));
    bool verified = false;
    auto last = scram_exchange_of(e, m, "alice", "secret", &verified);
    EXPECT_EQ(last.error, error_code::none) << to_string(m);
    EXPECT_EQ(last.message, std::nullopt);
    EXPECT_EQ(last.reply_bytes.rfind("v=", 0), 0u);
    EXPECT_TRUE(verified) << to_string(m);
    EXPECT_TRUE(e.authenticated());
    EXPECT_EQ(e.user(), "alice");
  }
  // Each exchange looked up the credential of its own mechanism.
  EXPECT_EQ(users.lookups,
            (std::vector<scram_mechanism>{scram_mechanism::sha_256, scram_mechanism::sha_512}));
}

TEST_F(kafka_sasl_exchange, scram_wrong_password_and_unknown_user_fail_alike) {
  std::vector<std::string> messages;
  for (auto [user, password] : {std::pair{"alice", "wrong"}, std::pair{"mallory", "secret"}}) {
    auto e = after_handshake("SCRAM-SHA-512");
    auto last = scram_exchange_of(e, scram_mechanism::sha_512, user, password);
    EXPECT_EQ(last.error, error_code::sasl_authentication_failed) << user;
    EXPECT_EQ(last.reply_bytes, "");
    EXPECT_TRUE(e.failed());
    EXPECT_EQ(e.user(), "");
    messages.push_back(last.message.value_or(""));
  }
  EXPECT_EQ(messages[0], "authentication failed");
  EXPECT_EQ(messages[1], messages[0]);
}

TEST_F(kafka_sasl_exchange, scram_refuses_a_malformed_first_message) {
  auto e = after_handshake("SCRAM-SHA-256");
  auto step = e.authenticate("alice");
  EXPECT_EQ(step.error, error_code::sasl_authentication_failed);
  EXPECT_NE(step.message.value_or("").find("authentication failed"), std::string::npos);
  EXPECT_TRUE(e.failed());
}

TEST_F(kafka_sasl_exchange, an_unsupported_mechanism_is_answered_with_the_list) {
  sasl_exchange e{{"SCRAM-SHA-512", "PLAIN"}, users.verifier()};
  // Names compare case-sensitively, as Kafka's do.
  for (const char* m : {"GSSAPI", "plain", "scram-sha-512", "SCRAM-SHA-256", ""})
    EXPECT_EQ(e.handshake(m), error_code::unsupported_sasl_mechanism) << m;
  EXPECT_EQ(e.mechanisms(), (std::vector<std::string>{"SCRAM-SHA-512", "PLAIN"}));
  EXPECT_FALSE(e.failed());
  // The client may then name one the door takes.
  EXPECT_EQ(e.handshake("PLAIN"), error_code::none);
}

TEST_F(kafka_sasl_exchange, authenticate_before_a_handshake_is_an_illegal_state) {
  sasl_exchange e{all_mechanisms, users.verifier()};
  auto step = e.authenticate(plain_message("", "alice", "secret"));
  EXPECT_EQ(step.error, error_code::illegal_sasl_state);
  EXPECT_TRUE(step.message);
  EXPECT_FALSE(e.authenticated());
  EXPECT_EQ(users.password_checks, 0);
}

TEST_F(kafka_sasl_exchange, a_second_handshake_is_an_illegal_state) {
  auto e = after_handshake("SCRAM-SHA-256");
  EXPECT_EQ(e.handshake("PLAIN"), error_code::illegal_sasl_state);
  EXPECT_EQ(e.handshake("SCRAM-SHA-256"), error_code::illegal_sasl_state);
  // The first choice holds: PLAIN's message is not SCRAM's.
  EXPECT_EQ(e.authenticate(plain_message("", "alice", "secret")).error,
            error_code::sasl_authentication_failed);
  EXPECT_EQ(users.password_checks, 0);
}

TEST_F(kafka_sasl_exchange, steps_after_the_end_change_nothing) {
  auto failed = after_handshake("PLAIN");
  failed.authenticate(plain_message("", "alice", "wrong"));
  auto after_failure = failed.authenticate(plain_message("", "alice", "secret"));
  EXPECT_EQ(after_failure.error, error_code::illegal_sasl_state);
  EXPECT_TRUE(failed.failed());
  EXPECT_FALSE(failed.authenticated());
  EXPECT_EQ(failed.user(), "");
  EXPECT_EQ(failed.handshake("PLAIN"), error_code::illegal_sasl_state);

  auto done = after_handshake("PLAIN");
  done.authenticate(plain_message("", "alice", "secret"));
  auto after_success = done.authenticate(plain_message("", "alice", "wrong"));
  EXPECT_EQ(after_success.error, error_code::illegal_sasl_state);
  EXPECT_TRUE(done.authenticated());
  EXPECT_EQ(done.user(), "alice");
  EXPECT_EQ(users.password_checks, 2);
}

} // namespace
} // namespace strom::kafka
