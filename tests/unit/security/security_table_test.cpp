// Users and ACLs as the controller holds them.

#include <gtest/gtest.h>

#include "actors/security/security_table.hpp"

namespace strom {
namespace {

scram_credential credential(scram_mechanism m, char fill = 'k') {
  auto size = digest_size_bytes(m);
  return scram_credential{m, "salt", std::string(size, fill), std::string(size, 's'),
                          scram_iterations_min};
}

acl_binding acl(const std::string& who, const std::string& topic) {
  return acl_binding{who, "*", resource_type::topic, topic, pattern_type::literal,
                     acl_operation::read, acl_permission::allow};
}

TEST(security_table, a_user_keeps_one_credential_per_mechanism) {
  security_table t;
  t.upsert_user("alice", credential(scram_mechanism::sha_256, 'a'));
  t.upsert_user("alice", credential(scram_mechanism::sha_512));
  t.upsert_user("alice", credential(scram_mechanism::sha_256, 'b'));
  ASSERT_EQ(t.users().size(), 1u);
  EXPECT_EQ(t.users()[0].credentials.size(), 2u);
  EXPECT_EQ(t.credential("alice", scram_mechanism::sha_256)->stored_key, std::string(32, 'b'));
  EXPECT_TRUE(t.delete_user("alice"));
  EXPECT_EQ(t.credential("alice", scram_mechanism::sha_512), nullptr);
  EXPECT_EQ(t.delete_user("alice").error().code, errc::not_found);
}

TEST(security_table, user_names_and_credentials_are_checked) {
  auto good = credential(scram_mechanism::sha_256);
  EXPECT_TRUE(security_table::validate_user("alice", good));
  EXPECT_FALSE(security_table::validate_user("", good));
  EXPECT_FALSE(security_table::validate_user("a,b", good));
  EXPECT_FALSE(security_table::validate_user("a\nb", good));
  EXPECT_FALSE(security_table::validate_user(std::string(256, 'a'), good));
  auto short_key = good;
  short_key.stored_key.pop_back();
  EXPECT_FALSE(security_table::validate_user("alice", short_key));
  auto few = good;
  few.iterations = scram_iterations_min - 1;
  EXPECT_FALSE(security_table::validate_user("alice", few));
  auto no_salt = good;
  no_salt.salt.clear();
  EXPECT_FALSE(security_table::validate_user("alice", no_salt));
}

TEST(security_table, acls_are_a_set_and_a_filter_removes_what_it_matches) {
  security_table t;
  t.create_acls({acl("User:alice", "a"), acl("User:alice", "b"), acl("User:bob", "a")});
  t.create_acls({acl("User:alice", "a")});
  EXPECT_EQ(t.acls().size(), 3u);
  acl_filter alice;
  alice.principal = "User:alice";
  EXPECT_EQ(t.acls(alice).size(), 2u);
  auto removed = t.delete_acls(alice);
  EXPECT_EQ(removed.size(), 2u);
  ASSERT_EQ(t.acls().size(), 1u);
  EXPECT_EQ(t.acls()[0].principal, "User:bob");
}

} // namespace
} // namespace strom
