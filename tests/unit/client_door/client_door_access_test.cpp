// What a principal may ask through the client door: Kafka's rules, the
// node's one authorizer; raft groups as partitions only when the door knows
// whose they are; answers cut to what the principal may describe.

#include <gtest/gtest.h>

#include "net/client_door/client_door_access.hpp"

namespace strom {
namespace {

acl_binding allow(const std::string& principal, acl_operation op, resource_type type,
                  const std::string& name) {
  acl_binding b;
  b.principal = principal;
  b.host = "*";
  b.operation = op;
  b.resource = type;
  b.name = name;
  b.pattern = pattern_type::literal;
  b.permission = acl_permission::allow;
  return b;
}

class client_door_access_test : public ::testing::Test {
protected:
  void SetUp() override {
    security_table table;
    table.create_acls({allow("User:alice", acl_operation::write, resource_type::topic, "orders"),
                       allow("User:alice", acl_operation::read, resource_type::topic, "orders"),
                       allow("User:alice", acl_operation::read, resource_type::group, "billing")});
    security_.view->publish(table);
    partitions_[group_id{5}] = topic_partition{"orders", partition_id{0}};
    partitions_[group_id{6}] = topic_partition{"secrets", partition_id{0}};
  }

  client_door_access as(const door_principal& who) const {
    return {&security_, &who, &partitions_};
  }

  // "" when allowed, else the error's code.
  template <class Atom, class... Ts>
  std::string outcome(const door_principal& who, Atom atom, const Ts&... xs) const {
    auto refused = as(who).check(atom, xs...);
    return refused ? to_string(refused->code) : "";
  }

  door_security security_{{}, {"scram-sha-256"}, std::make_shared<security_view>(
                                                   std::vector<std::string>{"admin"}, true)};
  std::map<group_id, topic_partition> partitions_;
  door_principal alice_{"User:alice", "127.0.0.1"};
  door_principal admin_{"User:admin", "127.0.0.1"};
};

TEST_F(client_door_access_test, data_calls_need_the_acl_of_the_partitions_topic) {
  EXPECT_EQ(outcome(alice_, produce_atom::value, group_id{5}, produce_request{}), "");
  EXPECT_EQ(outcome(alice_, fetch_atom::value, group_id{5}, fetch_request{}), "");
  EXPECT_EQ(outcome(alice_, produce_atom::value, group_id{6}, produce_request{}), "unauthorized");
  EXPECT_EQ(outcome(alice_, fetch_atom::value, group_id{6}, fetch_request{}), "unauthorized");
  // Not a partition the door knows: the controller's group, say.
  EXPECT_EQ(outcome(admin_, produce_atom::value, group_id{0}, produce_request{}), "unauthorized");
  EXPECT_EQ(outcome(admin_, produce_atom::value, group_id{6}, produce_request{}), "");
}

TEST_F(client_door_access_test, a_subscription_must_name_its_groups_own_partition) {
  subscription_entry good{{"orders", partition_id{0}}, group_id{5}, record_offset{0}};
  subscription_entry forged{{"orders", partition_id{0}}, group_id{6}, record_offset{0}};
  EXPECT_EQ(outcome(alice_, subscribe_atom::value, std::vector<subscription_entry>{good}), "");
  EXPECT_EQ(outcome(admin_, subscribe_atom::value, std::vector<subscription_entry>{forged}),
            "unauthorized");
}

TEST_F(client_door_access_test, groups_users_acls_and_topics_by_kafkas_rules) {
  member_ref billing{"billing", "m", 1, ""};
  member_ref other{"other", "m", 1, ""};
  EXPECT_EQ(outcome(alice_, heartbeat_atom::value, billing), "");
  EXPECT_EQ(outcome(alice_, heartbeat_atom::value, other), "unauthorized");
  commit_offsets_request commit;
  commit.member = billing;
  commit.offsets.resize(1);
  commit.offsets[0].partition = {"secrets", partition_id{0}};
  EXPECT_EQ(outcome(alice_, commit_offsets_atom::value, commit), "unauthorized");
  EXPECT_EQ(outcome(alice_, list_users_atom::value), "unauthorized");
  EXPECT_EQ(outcome(alice_, create_acls_atom::value, std::vector<acl_binding>{}),
            "unauthorized");
  EXPECT_EQ(outcome(admin_, create_acls_atom::value, std::vector<acl_binding>{}), "");
  topic_spec spec;
  spec.name = "orders";
  EXPECT_EQ(outcome(alice_, create_topic_atom::value, spec), "unauthorized");
  EXPECT_EQ(outcome(alice_, delete_topic_atom::value, std::string{"orders"}), "unauthorized");
  EXPECT_EQ(outcome(alice_, members_atom::value), "unauthorized");
  EXPECT_EQ(outcome(alice_, producer_id_atom::value), "");
}

TEST_F(client_door_access_test, metadata_shows_what_may_be_described_and_the_offsets_topic) {
  EXPECT_EQ(outcome(alice_, metadata_atom::value, std::vector<std::string>{"orders"}), "");
  EXPECT_EQ(outcome(alice_, metadata_atom::value, std::vector<std::string>{"secrets"}),
            "unauthorized");
  EXPECT_EQ(outcome(alice_, metadata_atom::value,
                    std::vector<std::string>{std::string{offsets_topic_name}}),
            "");
  cluster_metadata m;
  for (auto name : {"orders", "secrets", offsets_topic_name}) {
    topic_metadata t;
    t.name = name;
    m.topics.push_back(t);
  }
  as(alice_).shape(m);
  ASSERT_EQ(m.topics.size(), 2u);
  EXPECT_EQ(m.topics[0].name, "orders");
  EXPECT_EQ(m.topics[1].name, offsets_topic_name);
}

TEST_F(client_door_access_test, without_security_everything_is_allowed) {
  client_door_access open{nullptr, nullptr, &partitions_};
  EXPECT_FALSE(open.check(produce_atom::value, group_id{0}, produce_request{}));
  EXPECT_FALSE(open.check(create_acls_atom::value, std::vector<acl_binding>{}));
}

} // namespace
} // namespace strom
