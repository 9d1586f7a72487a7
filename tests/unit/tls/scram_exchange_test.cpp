// SCRAM's message exchange: RFC 7677's example to the byte, both sides
// against each other, and what the server refuses (a wrong password and an
// unknown user alike, channel binding, delegation tokens, bad messages).

#include <gtest/gtest.h>

#include <map>

#include "messages/base64.hpp"
#include "net/tls/scram.hpp"
#include "net/tls/scram_exchange.hpp"

namespace strom {
namespace {

std::string base64_decoded(const std::string& text) {
  return base64_decode(text).value_or("");
}

// RFC 7677, section 3.
const std::string rfc_client_nonce = "rOprNGfwEbeRWgbNEkqO";
const std::string rfc_server_nonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const std::string rfc_nonce = rfc_client_nonce + rfc_server_nonce;
const std::string rfc_salt = "W22ZaJ0SNY7soEsUEjb6gQ==";
const std::string rfc_client_first = "n,,n=user,r=" + rfc_client_nonce;
const std::string rfc_server_first = "r=" + rfc_nonce + ",s=" + rfc_salt + ",i=4096";
const std::string rfc_client_final =
  "c=biws,r=" + rfc_nonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const std::string rfc_server_final = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

// The users a test's server knows, by name, with their passwords.
scram_server::credential_lookup users(std::map<std::string, std::string> passwords,
                                      scram_mechanism m = scram_mechanism::sha_256) {
  std::map<std::string, scram_credential> credentials;
  for (auto& [user, password] : passwords)
    credentials[user] = make_scram_credential(password, m);
  return [credentials](const std::string& user) -> std::optional<scram_credential> {
    auto it = credentials.find(user);
    if (it == credentials.end())
      return std::nullopt;
    return it->second;
  };
}

scram_server::credential_lookup rfc_user() {
  auto c = scram_credential_with_salt("pencil", scram_mechanism::sha_256, 4096,
                                      base64_decoded(rfc_salt));
  return [c](const std::string& user) -> std::optional<scram_credential> {
    if (user != "user")
      return std::nullopt;
    return c;
  };
}

// The client-final of a client that met `server`: the server's first answer is kept.
struct exchange {
  std::string server_first;
  result<std::string> client_final{errc::unauthenticated};
};

exchange run_until_proof(scram_server& server, scram_client& client) {
  exchange out;
  auto server_first = server.step(client.first_message());
  EXPECT_TRUE(server_first) << server_first.error().describe();
  if (!server_first)
    return out;
  out.server_first = *server_first;
  out.client_final = client.final_message(*server_first);
  return out;
}

// The server's error for `message` sent as its first.
std::string refusal_of_first(const std::string& message) {
  scram_server server{scram_mechanism::sha_256, users({{"alice", "pw"}})};
  auto answer = server.step(message);
  EXPECT_FALSE(answer) << message;
  if (answer)
    return {};
  EXPECT_EQ(answer.error().code, errc::unauthenticated);
  EXPECT_FALSE(server.done());
  return answer.error().message;
}

TEST(scram_exchange, the_rfc_7677_example_goes_byte_for_byte) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  scram_client client{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
  EXPECT_EQ(client.first_message(), rfc_client_first);
  auto server_first = server.step(rfc_client_first);
  ASSERT_TRUE(server_first) << server_first.error().describe();
  EXPECT_EQ(*server_first, rfc_server_first);
  auto client_final = client.final_message(*server_first);
  ASSERT_TRUE(client_final) << client_final.error().describe();
  EXPECT_EQ(*client_final, rfc_client_final);
  EXPECT_FALSE(server.done());
  auto server_final = server.step(*client_final);
  ASSERT_TRUE(server_final) << server_final.error().describe();
  EXPECT_EQ(*server_final, rfc_server_final);
  EXPECT_TRUE(server.done());
  EXPECT_EQ(server.user(), "user");
  EXPECT_TRUE(client.verify_server(*server_final));
}

TEST(scram_exchange, a_sha_512_client_and_server_agree_with_random_nonces) {
  auto m = scram_mechanism::sha_512;
  scram_server server{m, users({{"alice", "secret"}}, m)};
  scram_client client{m, "alice", "secret"};
  auto first = client.first_message();
  EXPECT_EQ(first.rfind("n,,n=alice,r=", 0), 0u);
  auto run = run_until_proof(server, client);
  ASSERT_TRUE(run.client_final) << run.client_final.error().describe();
  auto server_final = server.step(*run.client_final);
  ASSERT_TRUE(server_final) << server_final.error().describe();
  EXPECT_TRUE(server.done());
  EXPECT_EQ(server.user(), "alice");
  auto verified = client.verify_server(*server_final);
  EXPECT_TRUE(verified) << verified.error().describe();
}

TEST(scram_exchange, two_exchanges_use_different_nonces) {
  scram_server a{scram_mechanism::sha_256, users({{"alice", "pw"}})};
  scram_server b{scram_mechanism::sha_256, users({{"alice", "pw"}})};
  auto first = "n,,n=alice,r=samenonce";
  EXPECT_NE(*a.step(first), *b.step(first));
  EXPECT_NE(scram_client(scram_mechanism::sha_256, "u", "p").first_message(),
            scram_client(scram_mechanism::sha_256, "u", "p").first_message());
}

TEST(scram_exchange, a_mechanism_mismatch_fails_at_the_proof) {
  // The stored credential is SHA-512's; a SHA-256 server must not use it.
  auto sha_512_users = users({{"alice", "pw"}}, scram_mechanism::sha_512);
  scram_server server{scram_mechanism::sha_256, sha_512_users};
  scram_client client{scram_mechanism::sha_256, "alice", "pw"};
  auto run = run_until_proof(server, client);
  ASSERT_TRUE(run.client_final);
  auto answer = server.step(*run.client_final);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().message, "authentication failed");
}

// Runs an exchange of `user` with `password` against a server that knows
// alice; gives the server's error at the proof.
strom::error failure_at_proof(const std::string& user, const std::string& password,
                              std::string* server_first = nullptr) {
  scram_server server{scram_mechanism::sha_256, users({{"alice", "right"}})};
  scram_client client{scram_mechanism::sha_256, user, password};
  auto run = run_until_proof(server, client);
  if (server_first)
    *server_first = run.server_first;
  EXPECT_TRUE(run.client_final) << run.client_final.error().describe();
  if (!run.client_final)
    return run.client_final.error();
  auto answer = server.step(*run.client_final);
  EXPECT_FALSE(answer);
  EXPECT_FALSE(server.done());
  EXPECT_EQ(server.user(), "");
  return answer ? strom::error{} : answer.error();
}

TEST(scram_exchange, a_wrong_password_and_an_unknown_user_fail_alike) {
  std::string known_first;
  std::string unknown_first;
  auto wrong_password = failure_at_proof("alice", "wrong", &known_first);
  auto unknown_user = failure_at_proof("mallory", "right", &unknown_first);
  EXPECT_EQ(wrong_password.code, errc::unauthenticated);
  EXPECT_EQ(wrong_password.code, unknown_user.code);
  EXPECT_EQ(wrong_password.message, unknown_user.message);
  EXPECT_EQ(wrong_password.message, "authentication failed");
  // The unknown user's server-first looks like a known one's.
  EXPECT_NE(unknown_first.find(",s="), std::string::npos);
  EXPECT_NE(unknown_first.find(",i=4096"), std::string::npos);
  EXPECT_EQ(unknown_first.size(), known_first.size());
}

TEST(scram_exchange, an_unknown_user_gets_the_same_salt_on_every_try) {
  auto salt_of = [](const std::string& user) {
    scram_server server{scram_mechanism::sha_256, users({})};
    auto first = server.step("n,,n=" + user + ",r=abc");
    EXPECT_TRUE(first);
    auto s = first->find(",s=");
    return first->substr(s, first->find(",i=") - s);
  };
  EXPECT_EQ(salt_of("mallory"), salt_of("mallory"));
  EXPECT_NE(salt_of("mallory"), salt_of("trudy"));
}

TEST(scram_exchange, a_name_with_comma_and_equals_is_escaped_and_unescaped) {
  const std::string name = "a,b=c";
  scram_server server{scram_mechanism::sha_256, users({{name, "pw"}})};
  scram_client client{scram_mechanism::sha_256, name, "pw"};
  auto first = client.first_message();
  EXPECT_EQ(first.rfind("n,,n=a=2Cb=3Dc,r=", 0), 0u);
  auto run = run_until_proof(server, client);
  ASSERT_TRUE(run.client_final);
  auto server_final = server.step(*run.client_final);
  ASSERT_TRUE(server_final) << server_final.error().describe();
  EXPECT_EQ(server.user(), name);
  EXPECT_TRUE(client.verify_server(*server_final));
  EXPECT_EQ(scram_escape_name(name), "a=2Cb=3Dc");
  EXPECT_EQ(scram_unescape_name("a=2Cb=3Dc"), name);
  EXPECT_FALSE(scram_unescape_name("a=2cb"));
  EXPECT_FALSE(scram_unescape_name("a="));
  EXPECT_FALSE(scram_unescape_name(""));
}

// ClientProof of RFC 7677's user for `auth_message`, computed here from the
// password: scram_client sends no authzid, so the tests make its proof.
std::string rfc_proof(const std::string& auth_message) {
  auto m = scram_mechanism::sha_256;
  auto salted = scram_salted_password("pencil", m, 4096, base64_decoded(rfc_salt));
  auto client_key = scram_hmac(m, salted, "Client Key");
  auto signature = scram_hmac(m, scram_hash(m, client_key), auth_message);
  for (size_t i = 0; i < client_key.size(); ++i)
    client_key[i] = static_cast<char>(client_key[i] ^ signature[i]);
  return base64_encode(client_key);
}

TEST(scram_exchange, an_authzid_that_is_the_user_is_accepted_and_bound) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  auto first = server.step("n,a=user,n=user,r=" + rfc_client_nonce);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(*first, rfc_server_first);
  // "bixhPXVzZXIs" is base64 of the header received, "n,a=user,".
  auto without_proof = "c=bixhPXVzZXIs,r=" + rfc_nonce;
  auto auth_message = "n=user,r=" + rfc_client_nonce + "," + rfc_server_first + "," +
                      without_proof;
  auto server_final = server.step(without_proof + ",p=" + rfc_proof(auth_message));
  ASSERT_TRUE(server_final) << server_final.error().describe();
  EXPECT_TRUE(server.done());
  EXPECT_EQ(server.user(), "user");
}

TEST(scram_exchange, an_authzid_binds_the_channel_binding_to_its_header) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(server.step("n,a=user,n=user,r=" + rfc_client_nonce));
  // "c=biws" is "n,,", not the header received.
  auto answer = server.step(rfc_client_final);
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().message.find("channel binding"), std::string::npos);
}

TEST(scram_exchange, an_authzid_other_than_the_user_is_refused) {
  EXPECT_NE(refusal_of_first("n,a=bob,n=alice,r=abc").find("authorization identity"),
            std::string::npos);
  EXPECT_NE(refusal_of_first("n,a=,n=alice,r=abc").find("malformed"), std::string::npos);
}

TEST(scram_exchange, the_y_flag_is_accepted_and_bound_to_its_header) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(server.step("y,,n=user,r=" + rfc_client_nonce));
  // "c=biws" is "n,,"; a client that sent "y,," must send "eSws".
  auto answer = server.step(rfc_client_final);
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().message.find("channel binding"), std::string::npos);
}

TEST(scram_exchange, channel_binding_is_refused) {
  auto why = refusal_of_first("p=tls-unique,,n=alice,r=abc");
  EXPECT_NE(why.find("channel binding is not supported"), std::string::npos);
}

TEST(scram_exchange, delegation_tokens_are_refused) {
  auto why = refusal_of_first("n,,n=alice,r=abc,tokenauth=true");
  EXPECT_NE(why.find("delegation tokens"), std::string::npos);
}

TEST(scram_exchange, other_extensions_are_ignored_but_mandatory_ones_refused) {
  scram_server server{scram_mechanism::sha_256, users({{"alice", "pw"}})};
  EXPECT_TRUE(server.step("n,,n=alice,r=abc,foo=bar"));
  EXPECT_NE(refusal_of_first("n,,m=x,n=alice,r=abc").find("mandatory"), std::string::npos);
}

TEST(scram_exchange, malformed_client_first_messages_are_refused) {
  for (std::string message : {"", "n,,", "n,,n=alice", "n,,r=abc,n=alice", "x,,n=alice,r=abc",
                              "n,,n=,r=abc", "n,,n=alice,r=", "n,,n=al=ice,r=abc",
                              "n,,n=alice,r=a b", "n,b=x,n=alice,r=abc", "n,,n=alice,r=abc,",
                              "n,,n=alice,r=abc,=x", "n,,n=alice,r=abc,p=x",
                              "n,,n=alice,r=abc,x", "n,,n=alice,r=abc,ext="}) {
    auto why = refusal_of_first(message);
    EXPECT_EQ(why.rfind("authentication failed", 0), 0u) << message;
  }
}

TEST(scram_exchange, oversized_messages_are_refused) {
  auto long_nonce = std::string(scram_message_bytes_max, 'x');
  EXPECT_NE(refusal_of_first("n,,n=alice,r=" + long_nonce).find("too long"), std::string::npos);
  scram_client client{scram_mechanism::sha_256, "alice", "pw"};
  client.first_message();
  EXPECT_FALSE(client.final_message("r=" + long_nonce + ",s=QQ==,i=4096"));
}

TEST(scram_exchange, malformed_client_final_messages_fail_the_exchange) {
  const std::string proof = ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  for (std::string message :
       {std::string{""}, "c=biws,r=" + rfc_nonce, "r=" + rfc_nonce + ",c=biws" + proof,
        "c=biws,r=" + rfc_nonce + ",p=not base64", "c=biws,r=" + rfc_nonce + ",p=QQ=",
        "c=biws,r=" + rfc_nonce + ",x" + proof, "c=biws" + proof}) {
    scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
    ASSERT_TRUE(server.step(rfc_client_first));
    auto answer = server.step(message);
    EXPECT_FALSE(answer) << message;
    EXPECT_FALSE(server.done());
    // A failed exchange stays failed: the right proof is refused now.
    EXPECT_FALSE(server.step(rfc_client_final)) << message;
  }
}

TEST(scram_exchange, a_client_final_with_another_nonce_is_refused) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(server.step(rfc_client_first));
  auto other = rfc_client_final;
  other.replace(other.find("k0"), 2, "k1");
  auto answer = server.step(other);
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().message.find("nonce"), std::string::npos);
}

// librdkafka sends its own nonce, then the server's whole (its own again
// and the server's part); Kafka's brokers take that, and so does strom. A
// nonce with anything else before the server's is still refused.
TEST(scram_exchange, librdkafkas_doubled_client_nonce_is_taken) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(server.step(rfc_client_first));
  auto without_proof = "c=biws,r=" + rfc_client_nonce + rfc_nonce;
  auto auth_message = "n=user,r=" + rfc_client_nonce + "," + rfc_server_first + "," +
                      without_proof;
  auto server_final = server.step(without_proof + ",p=" + rfc_proof(auth_message));
  ASSERT_TRUE(server_final) << server_final.error().describe();
  EXPECT_TRUE(server.done());
  scram_server other{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(other.step(rfc_client_first));
  auto wrong = "c=biws,r=x" + rfc_client_nonce.substr(1) + rfc_nonce;
  auto refused = other.step(wrong + ",p=" + rfc_proof("n=user,r=" + rfc_client_nonce + "," +
                                                      rfc_server_first + "," + wrong));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("nonce"), std::string::npos);
}

TEST(scram_exchange, the_client_refuses_a_server_nonce_that_is_not_its_own) {
  scram_client client{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
  client.first_message();
  auto answer = client.final_message("r=someoneelse,s=" + rfc_salt + ",i=4096");
  ASSERT_FALSE(answer);
  EXPECT_NE(answer.error().message.find("nonce"), std::string::npos);
  scram_client same{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
  same.first_message();
  // Only the client's own part: the server added nothing.
  EXPECT_FALSE(same.final_message("r=" + rfc_client_nonce + ",s=" + rfc_salt + ",i=4096"));
}

TEST(scram_exchange, the_client_refuses_iterations_out_of_bounds) {
  for (std::string count : {"4095", "16385", "-4096", "+4096", "4096x", "", "99999999999"}) {
    scram_client client{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
    client.first_message();
    EXPECT_FALSE(client.final_message("r=" + rfc_nonce + ",s=" + rfc_salt + ",i=" + count))
      << count;
  }
}

TEST(scram_exchange, the_client_refuses_a_wrong_server_signature_or_an_error) {
  for (std::string server_final :
       {"v=AAAAZ0SNY7soEsUEjb6gQ==", "e=invalid-proof", "", "x=1", "v=!!!!"}) {
    scram_client client{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
    client.first_message();
    ASSERT_TRUE(client.final_message(rfc_server_first));
    EXPECT_FALSE(client.verify_server(server_final)) << server_final;
  }
}

TEST(scram_exchange, the_server_refuses_steps_out_of_order) {
  // A client-final first is a malformed client-first.
  scram_server early{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  EXPECT_FALSE(early.step(rfc_client_final));
  // A second client-first where the client-final belongs.
  scram_server twice{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(twice.step(rfc_client_first));
  EXPECT_FALSE(twice.step(rfc_client_first));
}

TEST(scram_exchange, the_server_refuses_a_second_client_first_after_done) {
  scram_server server{scram_mechanism::sha_256, rfc_user(), rfc_server_nonce};
  ASSERT_TRUE(server.step(rfc_client_first));
  ASSERT_TRUE(server.step(rfc_client_final));
  auto again = server.step(rfc_client_first);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("out of order"), std::string::npos);
  EXPECT_FALSE(server.step(rfc_client_final));
  // The refusal does not undo the authentication.
  EXPECT_TRUE(server.done());
  EXPECT_EQ(server.user(), "user");
}

TEST(scram_exchange, the_client_refuses_steps_out_of_order) {
  scram_client client{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
  EXPECT_FALSE(client.final_message(rfc_server_first));
  scram_client early{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
  early.first_message();
  EXPECT_FALSE(early.verify_server(rfc_server_final));
  scram_client twice{scram_mechanism::sha_256, "user", "pencil", rfc_client_nonce};
  twice.first_message();
  ASSERT_TRUE(twice.final_message(rfc_server_first));
  EXPECT_FALSE(twice.final_message(rfc_server_first));
}

} // namespace
} // namespace strom
