// The line door with security on: TLS with the node's client-facing
// certificate, principals from a client certificate or `AUTH user
// password`, and every command asking the authorizer. For produce (PUBS),
// consume (CONS), a group's stream and its commit (SUBS, STOP), topic
// create (CRTP) and delete (DELT), only a principal with the ACL succeeds;
// no credentials and a wrong password are `ERR unauthenticated`, a valid
// user without the ACL `ERR unauthorized`, a client of another CA or a
// plaintext client is turned away and the node goes on. An ACL removed
// takes effect at once.

#include <gtest/gtest.h>

#include "tests/integration/support/line_client.hpp"
#include "tests/integration/support/secure_cluster.hpp"
#include "tests/integration/support/tls_line_client.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

// A bound on every wait for an answer, never a claim about speed.
constexpr std::chrono::milliseconds answer_wait_ms{20000};

const std::string security_yaml = security_section("    text: [mtls, password]");

// "OK", or an error's code ("ERR unauthorized"), or "" for no answer.
std::string outcome(const std::optional<std::string>& line) {
  if (!line)
    return "";
  if (line->rfind("OK", 0) == 0)
    return "OK";
  return line->substr(0, line->find(':'));
}

// The answer to `line`, past the records and rebalances a stream writes.
std::optional<std::string> answer(tls_line_client& c, const std::string& line) {
  c.send(line + "\n");
  for (;;) {
    auto got = c.read_line(answer_wait_ms);
    if (!got || (got->rfind("OK", 0) == 0 || got->rfind("ERR", 0) == 0))
      return got;
  }
}

class text_security_test : public secure_door_test {
protected:
  void SetUp() override { start(test_cluster::door::text, security_yaml); }

  uint16_t port() const { return cluster_->door_port_of(test_cluster::door::text, node_id{1}); }

  // A connection as `who`: AUTH'd when it has a user.
  std::unique_ptr<tls_line_client> connect(const door_caller& who) {
    auto c = std::make_unique<tls_line_client>(port(), who.ca, who.cert, who.key);
    if (c->connected() && !who.user.empty())
      answer(*c, "AUTH " + who.user + " \"" + who.password + "\"");
    return c;
  }

  // The outcomes of PUBS, CONS, SUBS with its STOP, CRTP and DELT.
  std::vector<std::string> every_operation(const door_caller& who, const std::string& suffix) {
    auto c = connect(who);
    auto produce = outcome(answer(*c, "PUBS orders \"hello\""));
    auto consume = outcome(answer(*c, "CONS orders 0 earliest"));
    if (consume == "OK")
      answer(*c, "STOP");
    auto join = outcome(answer(*c, "SUBS orders billing"));
    if (join == "OK")
      join = outcome(answer(*c, "STOP"));
    return {produce, consume, join, outcome(answer(*c, "CRTP made-" + suffix + " 1")),
            outcome(answer(*c, "DELT doomed-" + suffix))};
  }

  bool create(const std::string& topic) {
    auto c = connect(admin_certificate());
    return outcome(answer(*c, "CRTP " + topic + " 1")) == "OK";
  }
};

std::vector<std::string> all(const std::string& outcome) {
  return std::vector<std::string>(5, outcome);
}

TEST_F(text_security_test, only_a_principal_with_the_acl_gets_through) {
  for (auto topic : {"orders", "doomed-alice", "doomed-bob", "doomed-none", "doomed-wrong"})
    ASSERT_TRUE(eventually([&] { return create(topic); }, 30s)) << cluster_->logs();
  grant_alice_the_test_acls();
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "alice"), all("OK"));
  EXPECT_EQ(every_operation(user("bob", "bob-pw"), "bob"), all("ERR unauthorized"));
  EXPECT_EQ(every_operation(user("alice", "wrong"), "wrong"), all("ERR unauthenticated"));
  EXPECT_EQ(every_operation(nobody(), "none"), all("ERR unauthenticated"));
  EXPECT_EQ(every_operation(other_ca_certificate(), "stranger"), all(""));
  line_client plaintext{port()};
  EXPECT_FALSE(plaintext.ask("PUBS orders \"plain\"", answer_wait_ms).has_value());
  // The node went on through all of that, and took the super user's certificate.
  auto c = connect(admin_certificate());
  EXPECT_EQ(outcome(answer(*c, "PUBS orders \"still here\"")), "OK") << cluster_->logs();
}

TEST_F(text_security_test, an_acl_removed_takes_effect_without_a_restart) {
  ASSERT_TRUE(eventually([&] { return create("orders"); }, 30s)) << cluster_->logs();
  admin({"acl", "add", "--principal", "alice", "--topic", "orders", "--operation", "write"});
  auto c = connect(user("alice", "alice-pw"));
  EXPECT_TRUE(eventually([&] { return outcome(answer(*c, "PUBS orders \"a\"")) == "OK"; }, 20s));
  admin({"acl", "remove", "--principal", "alice"});
  EXPECT_TRUE(eventually(
    [&] { return outcome(answer(*c, "PUBS orders \"b\"")) == "ERR unauthorized"; }, 20s));
}

} // namespace
} // namespace strom::testing
