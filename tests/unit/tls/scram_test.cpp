// SCRAM's keys as RFC 7677 computes them: a client proof made from the
// password verifies against the stored key alone, and the server's
// signature is the RFC's.

#include <gtest/gtest.h>

#include "messages/base64.hpp"
#include "net/tls/password_check.hpp"
#include "net/tls/scram.hpp"

namespace strom {
namespace {

std::string base64_decoded(const std::string& text) {
  return base64_decode(text).value_or("");
}

std::string xor_of(const std::string& a, const std::string& b) {
  std::string out = a;
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

// RFC 7677, section 3.
const std::string auth_message =
  "n=user,r=rOprNGfwEbeRWgbNEkqO,"
  "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
  "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

TEST(scram, the_rfc_7677_exchange_verifies_against_the_stored_keys) {
  auto m = scram_mechanism::sha_256;
  auto salt = base64_decoded("W22ZaJ0SNY7soEsUEjb6gQ==");
  ASSERT_EQ(salt.size(), 16u);
  auto c = scram_credential_with_salt("pencil", m, 4096, salt);
  EXPECT_TRUE(validate(c));
  auto proof = base64_decoded("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  ASSERT_EQ(proof.size(), 32u);
  auto client_signature = scram_hmac(m, c.stored_key, auth_message);
  EXPECT_EQ(scram_hash(m, xor_of(proof, client_signature)), c.stored_key);
  EXPECT_EQ(scram_hmac(m, c.server_key, auth_message),
            base64_decoded("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
}

TEST(scram, each_credential_gets_a_new_salt_and_sha_512_keys_are_64_bytes) {
  auto a = make_scram_credential("pw", scram_mechanism::sha_512);
  auto b = make_scram_credential("pw", scram_mechanism::sha_512);
  EXPECT_EQ(a.salt.size(), scram_salt_bytes);
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.stored_key, b.stored_key);
  EXPECT_EQ(a.stored_key.size(), 64u);
  EXPECT_TRUE(validate(a));
}

TEST(password_check, the_right_password_matches_and_no_other_even_once_remembered) {
  password_check check;
  auto c = make_scram_credential("right", scram_mechanism::sha_256);
  EXPECT_FALSE(check.matches("alice", c, "wrong"));
  EXPECT_TRUE(check.matches("alice", c, "right"));
  EXPECT_TRUE(check.matches("alice", c, "right"));
  EXPECT_FALSE(check.matches("alice", c, "wrong"));
  EXPECT_FALSE(check.matches("alice", c, ""));
  // A new credential (a changed password): the old one no longer matches.
  auto changed = make_scram_credential("new", scram_mechanism::sha_256);
  EXPECT_FALSE(check.matches("alice", changed, "right"));
  EXPECT_TRUE(check.matches("alice", changed, "new"));
}

} // namespace
} // namespace strom
