// Kafka's authorization rules, as every door will ask them.

#include <gtest/gtest.h>

#include "actors/security/authorizer.hpp"

namespace strom {
namespace {

acl_binding allow(const std::string& who, acl_operation op, resource_type type,
                  const std::string& name, pattern_type pattern = pattern_type::literal) {
  return acl_binding{who, "*", type, name, pattern, op, acl_permission::allow};
}

acl_binding deny(const std::string& who, acl_operation op, resource_type type,
                 const std::string& name) {
  return acl_binding{who, "*", type, name, pattern_type::literal, op, acl_permission::deny};
}

access_request ask(std::string_view who, acl_operation op, resource_type type,
                   std::string_view name, std::string_view host = "10.0.0.1") {
  return access_request{who, host, op, type, name};
}

const auto topic = resource_type::topic;

TEST(authorizer, nothing_is_allowed_without_an_acl) {
  authorizer a{{}, {}};
  EXPECT_FALSE(a.allows(ask("User:alice", acl_operation::read, topic, "orders")));
}

TEST(authorizer, a_super_user_may_do_anything) {
  authorizer a{{"admin"}, {deny("User:admin", acl_operation::all, topic, "orders")}};
  EXPECT_TRUE(a.allows(ask("User:admin", acl_operation::remove, topic, "orders")));
  EXPECT_FALSE(a.allows(ask("User:alice", acl_operation::read, topic, "orders")));
}

TEST(authorizer, a_literal_allow_covers_its_name_alone) {
  authorizer a{{}, {allow("User:alice", acl_operation::write, topic, "orders")}};
  EXPECT_TRUE(a.allows(ask("User:alice", acl_operation::write, topic, "orders")));
  EXPECT_FALSE(a.allows(ask("User:alice", acl_operation::write, topic, "orders-eu")));
  EXPECT_FALSE(a.allows(ask("User:alice", acl_operation::read, topic, "orders")));
  EXPECT_FALSE(a.allows(ask("User:bob", acl_operation::write, topic, "orders")));
  EXPECT_FALSE(a.allows(ask("User:alice", acl_operation::write, resource_type::group, "orders")));
}

TEST(authorizer, a_prefixed_allow_covers_every_name_it_begins) {
  auto prefix = allow("User:alice", acl_operation::read, topic, "orders-", pattern_type::prefixed);
  authorizer a{{}, {prefix}};
  EXPECT_TRUE(a.allows(ask("User:alice", acl_operation::read, topic, "orders-eu")));
  EXPECT_FALSE(a.allows(ask("User:alice", acl_operation::read, topic, "orders")));
}

TEST(authorizer, wildcards_match_every_principal_name_and_host) {
  auto acl = allow("User:*", acl_operation::read, topic, "*");
  acl.host = "*";
  authorizer a{{}, {acl}};
  EXPECT_TRUE(a.allows(ask("User:anyone", acl_operation::read, topic, "whatever")));
  auto from_one_host = allow("User:bob", acl_operation::write, topic, "t");
  from_one_host.host = "10.0.0.9";
  authorizer b{{}, {from_one_host}};
  EXPECT_TRUE(b.allows(ask("User:bob", acl_operation::write, topic, "t", "10.0.0.9")));
  EXPECT_FALSE(b.allows(ask("User:bob", acl_operation::write, topic, "t", "10.0.0.1")));
}

TEST(authorizer, deny_wins_over_any_allow) {
  authorizer a{{}, {allow("User:*", acl_operation::all, topic, "*"),
                    deny("User:mallory", acl_operation::write, topic, "orders")}};
  EXPECT_FALSE(a.allows(ask("User:mallory", acl_operation::write, topic, "orders")));
  EXPECT_TRUE(a.allows(ask("User:mallory", acl_operation::read, topic, "orders")));
  EXPECT_TRUE(a.allows(ask("User:alice", acl_operation::write, topic, "orders")));
}

TEST(authorizer, read_write_delete_and_alter_imply_describe) {
  for (auto op : {acl_operation::read, acl_operation::write, acl_operation::remove,
                  acl_operation::alter}) {
    authorizer a{{}, {allow("User:alice", op, topic, "orders")}};
    EXPECT_TRUE(a.allows(ask("User:alice", acl_operation::describe, topic, "orders")))
      << to_string(op);
  }
  authorizer c{{}, {allow("User:alice", acl_operation::create, topic, "orders")}};
  EXPECT_FALSE(c.allows(ask("User:alice", acl_operation::describe, topic, "orders")));
  authorizer configs{{}, {allow("User:alice", acl_operation::alter_configs, topic, "orders")}};
  EXPECT_TRUE(
    configs.allows(ask("User:alice", acl_operation::describe_configs, topic, "orders")));
}

TEST(acl, bindings_are_validated) {
  EXPECT_TRUE(validate(allow("User:alice", acl_operation::read, topic, "orders")));
  EXPECT_FALSE(validate(allow("alice", acl_operation::read, topic, "orders")));
  EXPECT_FALSE(validate(allow("User:", acl_operation::read, topic, "orders")));
  EXPECT_FALSE(validate(allow("User:alice", acl_operation::read, topic, "")));
  EXPECT_FALSE(validate(allow("User:alice", acl_operation::any, topic, "orders")));
  EXPECT_FALSE(validate(allow("User:alice", acl_operation::write, resource_type::group, "g")));
  EXPECT_FALSE(
    validate(allow("User:alice", acl_operation::alter, resource_type::cluster, "c")));
  EXPECT_TRUE(validate(
    allow("User:alice", acl_operation::alter, resource_type::cluster, "kafka-cluster")));
}

TEST(acl, names_parse_as_kafka_spells_them) {
  EXPECT_EQ(parse_operation("Describe_Configs"), acl_operation::describe_configs);
  EXPECT_EQ(parse_operation("delete"), acl_operation::remove);
  EXPECT_EQ(parse_operation("frobnicate"), std::nullopt);
  EXPECT_EQ(parse_resource_type("GROUP"), resource_type::group);
  EXPECT_EQ(parse_pattern_type("prefixed"), pattern_type::prefixed);
  EXPECT_EQ(parse_permission("Deny"), acl_permission::deny);
  for (auto op : {acl_operation::all, acl_operation::remove, acl_operation::alter_configs})
    EXPECT_EQ(parse_operation(to_string(op)), op);
}

} // namespace
} // namespace strom
