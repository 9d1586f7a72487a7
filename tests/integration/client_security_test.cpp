// The C++ client library against a secured cluster, as an application uses
// it: through the node's client door with TLS and SCRAM or a client
// certificate (door_credentials), every call authorized there. For
// produce, fetch, a group's join and commit, topic create and delete, only
// a principal with the ACL succeeds; a valid user without the ACL gets
// errc::unauthorized, a client without credentials, with a wrong password
// or a certificate of another CA errc::unauthenticated (never retried), and
// one in plaintext gets nowhere, while the node goes on. A consumer
// of a group reads pushed records and commits through the door; an ACL
// removed takes effect at once.

#include <gtest/gtest.h>

#include "net/client/blocking_request.hpp"
#include "net/client/partition_reader.hpp"
#include "net/client/strom_client.hpp"
#include "tests/integration/support/cluster_view.hpp"
#include "tests/integration/support/secure_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string security_yaml =
  security_section("    client: [mtls, scram-sha-256, scram-sha-512]");

// A bound on each wait, never a claim about speed.
constexpr auto wait_ms = std::chrono::milliseconds{8000};

// What an operation came to: "OK", "DENIED" (unauthorized), "REFUSED"
// (unauthenticated: no login, or TLS with another CA) or "FAILED"
// (anything else: no connection).
std::string outcome_of(const caf::error& err) {
  if (!err)
    return "OK";
  if (is_strom_error(err) && code_of(err) == errc::unauthorized)
    return "DENIED";
  return is_strom_error(err) && code_of(err) == errc::unauthenticated ? "REFUSED" : "FAILED";
}

template <class T>
std::string outcome_of(const caf::expected<T>& x) {
  return x ? "OK" : outcome_of(x.error());
}

door_credentials credentials_of(const door_caller& who,
                                const std::string& mechanism = "scram-sha-256") {
  door_credentials c;
  c.ca_file = who.ca;
  c.cert_file = who.cert;
  c.key_file = who.key;
  c.user = who.user;
  c.password = who.password;
  c.mechanism = mechanism;
  return c;
}

class client_security_test : public secure_door_test {
protected:
  void SetUp() override { start(test_cluster::door::client, security_yaml); }

  std::vector<endpoint> bootstrap() const {
    return {{"127.0.0.1", cluster_->door_port_of(test_cluster::door::client, node_id{1})}};
  }

  std::string produce(client_runtime& rt, const std::string& topic) {
    producer_config config;
    config.delivery_timeout_ms = wait_ms;
    producer p{rt.system(), bootstrap(), config};
    record r;
    r.value = "hello";
    auto report = p.send(topic, r).get();
    if (report.error)
      last_error_ = describe(report.error);
    return outcome_of(report.error);
  }

  std::string fetch(client_runtime& rt, const std::string& topic) {
    session_config config;
    config.retry_timeout_ms = wait_ms;
    partition_reader reader{rt.system(), bootstrap(), topic, partition_id{0}, config};
    if (auto start = reader.seek_to(earliest_offset_spec); !start)
      return outcome_of(start.error());
    return outcome_of(reader.poll(100ms));
  }

  // A join and a commit straight to the broker the library connected to.
  std::vector<std::string> join_and_commit(client_runtime& rt, const std::string& group) {
    admin_client admin{rt.system(), bootstrap(), wait_ms};
    auto broker = admin.broker();
    if (!broker)
      return {outcome_of(broker.error()), outcome_of(broker.error())};
    join_group_request join;
    join.group = group;
    join.client_id = "client_security_test";
    join.protocols = {"range"};
    join.subscription = {"orders"};
    auto joined = request_blocking<join_group_reply>(rt.system(), *broker, wait_ms,
                                                     join_group_atom::value, join);
    commit_offsets_request commit;
    commit.member.group = group;
    partition_offset first;
    first.partition = topic_partition{"orders", partition_id{0}};
    first.offset = record_offset{0};
    commit.offsets.push_back(first);
    return {outcome_of(joined), outcome_of(admin.commit_offsets(commit))};
  }

  std::string create(client_runtime& rt, const std::string& topic) {
    admin_client admin{rt.system(), bootstrap(), wait_ms};
    topic_spec spec;
    spec.name = topic;
    spec.partitions = 1;
    spec.replication_factor = 1;
    return outcome_of(admin.create_topic(spec));
  }

  std::string remove(client_runtime& rt, const std::string& topic) {
    admin_client admin{rt.system(), bootstrap(), wait_ms};
    return outcome_of(admin.delete_topic(topic));
  }

  // The outcomes of produce, fetch, join, commit, create, delete.
  std::vector<std::string> every_operation(const door_caller& who, const std::string& suffix,
                                           const std::string& mechanism = "scram-sha-256") {
    client_runtime rt{credentials_of(who, mechanism)};
    std::vector<std::string> out{produce(rt, "orders"), fetch(rt, "orders")};
    for (auto& o : join_and_commit(rt, "billing"))
      out.push_back(o);
    out.push_back(create(rt, "made-" + suffix));
    out.push_back(remove(rt, "doomed-" + suffix));
    return out;
  }

  std::string last_error_; // of the last produce that failed

  bool create_as_admin(const std::string& topic) {
    client_runtime rt{credentials_of(admin_certificate())};
    return create(rt, topic) == "OK";
  }
};

std::vector<std::string> all(const std::string& outcome) {
  return std::vector<std::string>(6, outcome);
}

TEST_F(client_security_test, only_a_principal_with_the_acl_gets_through) {
  for (auto topic : {"orders", "doomed-alice", "doomed-sha512", "doomed-bob"})
    ASSERT_TRUE(eventually([&] { return create_as_admin(topic); }, 30s)) << cluster_->logs();
  grant_alice_the_test_acls();
  // Bob may see topic orders and group billing, so that it is the data
  // calls themselves that refuse him, not metadata.
  admin({"acl", "add", "--principal", "bob", "--topic", "orders", "--operation", "describe"});
  admin({"acl", "add", "--principal", "bob", "--group", "billing", "--operation", "describe"});
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "alice"), all("OK"));
  admin({"user", "create", "alice", "--mechanism", "SCRAM-SHA-512"}, "alice-pw\n");
  EXPECT_EQ(every_operation(user("alice", "alice-pw"), "sha512", "scram-sha-512"), all("OK"));
  EXPECT_EQ(every_operation(user("bob", "bob-pw"), "bob"), all("DENIED"));
  for (const auto& stranger : {user("alice", "wrong"), nobody(), other_ca_certificate()})
    EXPECT_EQ(every_operation(stranger, "stranger"), all("REFUSED")) << stranger.cert;
  // Plaintext on a TLS door: the door closes it, as a node gone would be.
  EXPECT_EQ(every_operation(door_caller{}, "plaintext"), all("FAILED"));
  // The node went on through all of that, and took the super user's certificate.
  client_runtime rt{credentials_of(admin_certificate())};
  EXPECT_EQ(produce(rt, "orders"), "OK") << cluster_->logs();
}

TEST_F(client_security_test, a_consumer_of_a_group_reads_and_commits_through_the_door) {
  ASSERT_TRUE(eventually([&] { return create_as_admin("orders"); }, 30s)) << cluster_->logs();
  grant_alice_the_test_acls();
  client_log_from_env();
  client_runtime rt{credentials_of(user("alice", "alice-pw"))};
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(produce(rt, "orders"), "OK");
  consumer_config config;
  config.group_id = "billing";
  config.auto_offset_reset = reset_policy::earliest;
  config.enable_auto_commit = false;
  consumer c{rt.system(), bootstrap(), config};
  c.subscribe({"orders"});
  std::vector<consumer_record> read;
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (read.size() < 3 && std::chrono::steady_clock::now() < deadline)
    for (auto& r : c.poll(200ms))
      read.push_back(std::move(r));
  ASSERT_EQ(read.size(), 3u) << cluster_->logs();
  EXPECT_EQ(read[2].record.value, "hello");
  ASSERT_TRUE(c.commit());
  admin_client admin{rt.system(), bootstrap(), wait_ms};
  auto committed = admin.fetch_offsets("billing");
  ASSERT_TRUE(committed) << describe(committed.error());
  ASSERT_EQ(committed->size(), 1u);
  EXPECT_EQ(committed->front().offset, record_offset{3});
  c.close();
}

TEST_F(client_security_test, an_acl_removed_takes_effect_without_a_restart) {
  ASSERT_TRUE(eventually([&] { return create_as_admin("orders"); }, 30s)) << cluster_->logs();
  admin({"acl", "add", "--principal", "alice", "--topic", "orders", "--operation", "write"});
  client_runtime rt{credentials_of(user("alice", "alice-pw"))};
  ASSERT_TRUE(eventually([&] { return produce(rt, "orders") == "OK"; }, 30s))
    << last_error_ << cluster_->logs();
  admin({"acl", "remove", "--principal", "alice"});
  EXPECT_TRUE(eventually([&] { return produce(rt, "orders") == "DENIED"; }, 30s));
}

// `strom ARGS --manifest M` as USER (STROM_USER, STROM_PASSWORD): through
// the nodes' client doors.
run_result run_as(const test_cluster& cluster, const std::string& ca, const std::string& user,
                  const std::string& password, std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/env", "STROM_USER=" + user, "STROM_PASSWORD=" + password,
                                "STROM_TLS_CA=" + ca, STROM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--manifest", cluster.manifest_path()});
  return run_command(argv, "", std::chrono::seconds{30});
}

TEST_F(client_security_test, a_tool_goes_through_the_door_as_a_user) {
  grant_alice_the_test_acls();
  auto ca = tls("ca.crt");
  auto made = run_as(*cluster_, ca, "alice", "alice-pw", {"topic", "create", "made-by-tool"});
  EXPECT_EQ(made.exit_status, 0) << made.err;
  auto listed = run_as(*cluster_, ca, "bob", "bob-pw", {"topic", "list"});
  EXPECT_EQ(listed.exit_status, 0) << listed.err;
  EXPECT_EQ(listed.out.find("made-by-tool"), std::string::npos) << "bob may describe nothing";
  auto denied = run_as(*cluster_, ca, "bob", "bob-pw", {"topic", "create", "made-by-bob"});
  EXPECT_NE(denied.exit_status, 0);
  EXPECT_NE(denied.err.find("unauthorized"), std::string::npos) << denied.err;
  auto wrong = run_as(*cluster_, ca, "alice", "not-hers", {"topic", "create", "made-wrong"});
  EXPECT_NE(wrong.exit_status, 0);
  EXPECT_NE(wrong.err.find("unauthenticated"), std::string::npos) << wrong.err;
}

} // namespace
} // namespace strom::testing
