// The HTTP door with security on: HTTPS with the node's client-facing
// certificate, principals from a client certificate or Basic credentials,
// and every resource asking the authorizer. For produce, read, a group's
// consumer and its commit, topic create and delete, only a principal with
// the ACL succeeds; no credentials and a wrong password are 401, a valid
// user without the ACL 403, a client of another CA or a plaintext client
// is turned away in the handshake and the node goes on. A WebSocket is
// authorized the same way, and an ACL removed takes effect at once.

#include <gtest/gtest.h>

#include "tests/integration/http/support/https_client.hpp"
#include "tests/integration/support/secure_cluster.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string security_yaml = security_section("    http: [mtls, basic]");

class http_security_test : public secure_door_test {
protected:
  void SetUp() override { start(test_cluster::door::http, security_yaml); }

  uint16_t port() const { return cluster_->door_port_of(test_cluster::door::http, node_id{1}); }

  http_reply call(const https_caller& who, const std::string& method, const std::string& target,
                  const json& body = nullptr) {
    return https_call(port(), who, method, target, body.is_null() ? "" : body.dump());
  }

  int produce(const https_caller& who, const std::string& topic) {
    return call(who, "POST", "/v1/topics/" + topic + "/records",
                {{"records", {{{"value", "hello"}}}}})
      .status;
  }
  int read(const https_caller& who, const std::string& topic) {
    return call(who, "GET", "/v1/topics/" + topic + "/partitions/0/records?offset=0&wait_ms=0")
      .status;
  }
  // A group's consumer instance, then its commit: the first refusal's status.
  int join(const https_caller& who, const std::string& topic, const std::string& group) {
    auto made = call(who, "POST", "/v1/consumers/" + group, {{"topics", {topic}}});
    if (made.status != 201)
      return made.status;
    auto base = made.body.value("base_uri", "");
    return call(who, "POST", base + "/offsets", json::object()).status;
  }
  int create(const https_caller& who, const std::string& topic) {
    return call(who, "POST", "/v1/topics", {{"name", topic}, {"partitions", 1}}).status;
  }
  int remove(const https_caller& who, const std::string& topic) {
    return call(who, "DELETE", "/v1/topics/" + topic).status;
  }

  // The statuses of produce, read, join and commit, create, delete.
  std::vector<int> every_operation(const https_caller& who, const std::string& suffix) {
    return {produce(who, "orders"), read(who, "orders"), join(who, "orders", "billing"),
            create(who, "made-" + suffix), remove(who, "doomed-" + suffix)};
  }

};

std::vector<int> all(int status) {
  return std::vector<int>(5, status);
}

TEST_F(http_security_test, only_a_principal_with_the_acl_gets_through) {
  auto super = admin_certificate();
  for (auto topic : {"orders", "doomed-alice", "doomed-bob", "doomed-none", "doomed-wrong"})
    ASSERT_TRUE(eventually([&] { return create(super, topic) == 201; }, 30s)) << cluster_->logs();
  grant_alice_the_test_acls();
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "alice"),
            (std::vector<int>{200, 200, 200, 201, 200}));
  EXPECT_EQ(every_operation(user("bob", "bob-pw"), "bob"), all(403));
  EXPECT_EQ(every_operation(user("alice", "wrong"), "wrong"), all(401));
  EXPECT_EQ(every_operation(nobody(), "none"), all(401));
  EXPECT_EQ(every_operation(other_ca_certificate(), "stranger"), all(0));
  EXPECT_EQ(every_operation(https_caller{}, "plain"), all(0));
  // Probes and scrapes need no credentials, over TLS still.
  EXPECT_EQ(call(nobody(), "GET", "/healthz").status, 200);
  EXPECT_EQ(call(nobody(), "GET", "/metrics").status, 200);
  // What bob may not describe, he does not see.
  auto listed = call(user("bob", "bob-pw"), "GET", "/v1/topics");
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(listed.body["topics"].empty()) << listed.text;
  // The node went on through all of that.
  EXPECT_EQ(produce(super, "orders"), 200) << cluster_->logs();
}

TEST_F(http_security_test, a_websocket_is_authorized_and_acls_change_at_once) {
  auto super = admin_certificate();
  ASSERT_TRUE(eventually([&] { return create(super, "orders") == 201; }, 30s))
    << cluster_->logs();
  auto alice = user("alice", "alice-pw");
  const std::string ws = "/v1/topics/orders/ws?partition=0&offset=0";
  EXPECT_EQ(wss_upgrade(port(), alice, ws), 403);
  EXPECT_EQ(wss_upgrade(port(), user("alice", "nope"), ws), 401);
  admin({"acl", "add", "--principal", "alice", "--topic", "orders", "--operation",
                    "read"});
  EXPECT_TRUE(eventually([&] { return wss_upgrade(port(), alice, ws) == 101; }, 20s));
  EXPECT_EQ(wss_upgrade(port(), super, ws), 101);
  admin({"acl", "remove", "--principal", "alice"});
  EXPECT_TRUE(eventually([&] { return read(alice, "orders") == 403; }, 20s));
  EXPECT_EQ(wss_upgrade(port(), alice, ws), 403);
}

} // namespace
} // namespace strom::testing
