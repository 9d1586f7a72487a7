// What a line's command needs of the session's principal: nothing without
// security; AUTH, HELP, STOP and QUIT for anyone; the rest a principal,
// and the ACL Kafka's rules name for it.

#include <gtest/gtest.h>

#include "net/text/command_parser.hpp"
#include "net/text/text_access.hpp"

namespace strom {
namespace {

acl_binding allow(const std::string& principal, acl_operation op, resource_type type,
                  const std::string& name, pattern_type pattern = pattern_type::literal) {
  acl_binding b;
  b.principal = principal;
  b.host = "*";
  b.operation = op;
  b.resource = type;
  b.name = name;
  b.pattern = pattern;
  b.permission = acl_permission::allow;
  return b;
}

class text_access_test : public ::testing::Test {
protected:
  void SetUp() override {
    security_table table;
    table.create_acls({allow("User:alice", acl_operation::write, resource_type::topic, "orders"),
                       allow("User:alice", acl_operation::read, resource_type::topic, "orders"),
                       allow("User:alice", acl_operation::create, resource_type::topic, "made-",
                             pattern_type::prefixed)});
    security_.view->publish(table);
  }

  // "" when it may run, else the error's code.
  std::string outcome(const std::optional<door_principal>& who, const std::string& line) {
    auto command = parse_command(line);
    EXPECT_TRUE(command) << line;
    auto refused = text_access(&security_, who, *command);
    return refused ? to_string(refused->code) : "";
  }

  door_security security_{{}, {"password"}, std::make_shared<security_view>(
                                              std::vector<std::string>{"admin"}, true)};
  door_principal alice_{"User:alice", "127.0.0.1"};
};

TEST_F(text_access_test, without_security_everything_runs) {
  auto command = parse_command("PUBS orders \"x\"");
  EXPECT_FALSE(text_access(nullptr, std::nullopt, *command));
}

TEST_F(text_access_test, without_a_principal_only_the_session_commands_run) {
  for (auto line : {"AUTH alice pw", "HELP", "STOP", "QUIT"})
    EXPECT_EQ(outcome(std::nullopt, line), "") << line;
  for (auto line : {"PUBS orders \"x\"", "CONS orders 0 earliest", "SUBS orders g",
                    "CRTP made-1", "DELT orders"})
    EXPECT_EQ(outcome(std::nullopt, line), "unauthenticated") << line;
}

TEST_F(text_access_test, each_command_needs_its_acl) {
  EXPECT_EQ(outcome(alice_, "PUBS orders \"x\""), "");
  EXPECT_EQ(outcome(alice_, "CONS orders 0 earliest"), "");
  EXPECT_EQ(outcome(alice_, "CRTP made-1"), "");
  EXPECT_EQ(outcome(alice_, "PUBS other \"x\""), "unauthorized");
  EXPECT_EQ(outcome(alice_, "SUBS orders g"), "unauthorized") << "read on the group too";
  EXPECT_EQ(outcome(alice_, "CRTP other"), "unauthorized");
  EXPECT_EQ(outcome(alice_, "DELT orders"), "unauthorized");
  EXPECT_EQ(outcome(door_principal{"User:admin", "127.0.0.1"}, "DELT orders"), "");
}

TEST(parse_command, auth_takes_a_user_and_a_password_bare_or_quoted) {
  auto bare = parse_command("AUTH alice s3cret");
  ASSERT_TRUE(bare && std::holds_alternative<auth_command>(*bare));
  EXPECT_EQ(std::get<auth_command>(*bare).user, "alice");
  EXPECT_EQ(std::get<auth_command>(*bare).password, "s3cret");
  auto quoted = parse_command("auth alice \"two words\"");
  ASSERT_TRUE(quoted && std::holds_alternative<auth_command>(*quoted));
  EXPECT_EQ(std::get<auth_command>(*quoted).password, "two words");
  EXPECT_FALSE(parse_command("AUTH alice"));
  EXPECT_FALSE(parse_command("AUTH alice pw extra"));
  auto deleted = parse_command("DELT orders");
  ASSERT_TRUE(deleted && std::holds_alternative<delete_topic_command>(*deleted));
  EXPECT_EQ(std::get<delete_topic_command>(*deleted).topic, "orders");
  EXPECT_FALSE(parse_command("DELT"));
}

} // namespace
} // namespace strom
