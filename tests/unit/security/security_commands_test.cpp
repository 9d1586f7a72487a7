// Users and ACLs travel in the controller's log and snapshot like topics:
// they round-trip, are validated at apply on every node alike, and a
// restored table holds them byte for byte.

#include <gtest/gtest.h>

#include "actors/controller/commands.hpp"
#include "actors/controller/topic_table.hpp"

namespace strom {
namespace {

scram_credential credential() {
  return scram_credential{scram_mechanism::sha_512, "pepper", std::string(64, 'k'),
                          std::string(64, 's'), 8192};
}

acl_binding acl(const std::string& who, const std::string& topic) {
  return acl_binding{who, "*", resource_type::topic, topic, pattern_type::prefixed,
                     acl_operation::write, acl_permission::deny};
}

template <class T>
T round_trip(const T& command) {
  auto decoded = decode_command(encode_command(controller_command{command}));
  EXPECT_TRUE(decoded) << decoded.error().message;
  return std::get<T>(*decoded);
}

TEST(security_commands, round_trip) {
  auto user = round_trip(upsert_user_command{"alice", credential()});
  EXPECT_EQ(user.name, "alice");
  EXPECT_TRUE(user.credential == credential());
  EXPECT_EQ(round_trip(delete_user_command{"bob"}).name, "bob");
  auto created = round_trip(create_acls_command{{acl("User:a", "t"), acl("User:b", "u")}});
  ASSERT_EQ(created.acls.size(), 2u);
  EXPECT_EQ(created.acls[1], acl("User:b", "u"));
  acl_filter filter;
  filter.principal = "User:a";
  filter.operation = acl_operation::write;
  auto deleted = round_trip(delete_acls_command{filter});
  EXPECT_EQ(deleted.filter.principal, "User:a");
  EXPECT_EQ(deleted.filter.operation, acl_operation::write);
  EXPECT_TRUE(deleted.filter.host.empty());
  EXPECT_EQ(deleted.filter.resource, resource_type::any);
}

TEST(security_commands, the_log_never_describes_a_credential) {
  auto text = describe(controller_command{upsert_user_command{"alice", credential()}});
  EXPECT_EQ(text, "upsert_user alice (SCRAM-SHA-512)");
}

TEST(security_commands, apply_validates_and_changes_the_security_table) {
  topic_table t;
  EXPECT_EQ(t.apply(delete_user_command{"ghost"}).error().code, errc::not_found);
  auto bad = credential();
  bad.iterations = 1;
  EXPECT_EQ(t.apply(upsert_user_command{"alice", bad}).error().code, errc::bad_request);
  EXPECT_EQ(t.apply(create_acls_command{{acl("alice", "t")}}).error().code, errc::bad_request);
  auto added = t.apply(upsert_user_command{"alice", credential()});
  ASSERT_TRUE(added);
  EXPECT_TRUE(added->security_changed);
  ASSERT_TRUE(t.apply(create_acls_command{{acl("User:alice", "t"), acl("User:bob", "t")}}));
  acl_filter bob;
  bob.principal = "User:bob";
  auto removed = t.apply(delete_acls_command{bob});
  ASSERT_TRUE(removed);
  ASSERT_EQ(removed->acls_deleted.size(), 1u);
  EXPECT_EQ(t.security().acls().size(), 1u);
  EXPECT_NE(t.security().credential("alice", scram_mechanism::sha_512), nullptr);
}

TEST(security_commands, a_snapshot_holds_users_and_acls) {
  topic_table t;
  ASSERT_TRUE(t.apply(upsert_user_command{"alice", credential()}));
  ASSERT_TRUE(t.apply(create_acls_command{{acl("User:alice", "t")}}));
  auto restored = topic_table::restore(t.snapshot());
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_TRUE(restored->security() == t.security());
  EXPECT_EQ(restored->snapshot(), t.snapshot());
}

TEST(security_commands, a_command_with_an_unknown_enum_is_bad_request) {
  auto bytes = encode_command(controller_command{create_acls_command{{acl("User:a", "t")}}});
  // The binding's operation is field 6 (tag 0x30), write is 3: make it 99.
  auto at = bytes.find(std::string{"\x30\x03"});
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = 0x63;
  auto decoded = decode_command(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, errc::bad_request);
}

} // namespace
} // namespace strom
