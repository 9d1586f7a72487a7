// Users and ACLs are the controller's: `strom user` and `strom acl` change
// them through any node, every node's copy follows without a restart, a
// restarted node still has them, and no password is ever shown or stored.

#include <gtest/gtest.h>

#include "tests/integration/support/secure_cluster.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

run_result strom(const std::vector<std::string>& args, const std::string& input = "") {
  return run_strom(args, input);
}

std::string bootstrap(const test_cluster& cluster, int id) {
  auto e = cluster.endpoint_of(node_id{id});
  return e.host + ":" + std::to_string(e.port);
}

// Retried while a new cluster starts (no node answers yet, exit status 3)
// and while its controller settles: no_controller means nothing was
// proposed (a leader hand-back may come after the first answer).
run_result until_done(const std::vector<std::string>& args, const std::string& input = "") {
  run_result r;
  eventually(
    [&] {
      r = strom(args, input);
      return r.exit_status != 3 && r.err.find("no_controller") == std::string::npos;
    },
    30s);
  return r;
}

// Every node's own copy shows `text` in the command's output (or, with
// `present` false, no longer does).
bool every_node_shows(const test_cluster& cluster, const std::vector<std::string>& command,
                      const std::string& text, bool present) {
  for (int id = 1; id <= cluster.node_count(); ++id) {
    auto args = command;
    args.insert(args.end(), {"-b", bootstrap(cluster, id)});
    auto r = strom(args);
    if (r.exit_status != 0 || (r.out.find(text) != std::string::npos) != present)
      return false;
  }
  return true;
}

TEST(security_admin, users_and_acls_reach_every_node_and_survive_a_restart) {
  test_cluster cluster{3};
  cluster.start_all();
  auto m = cluster.manifest_path();
  auto created = until_done({"user", "create", "alice", "--manifest", m}, "s3cret-pw\n");
  ASSERT_EQ(created.exit_status, 0) << created.err << cluster.logs();
  auto sha512 = until_done(
    {"user", "create", "alice", "--mechanism", "SCRAM-SHA-512", "--manifest", m}, "s3cret-pw\n");
  ASSERT_EQ(sha512.exit_status, 0) << sha512.err;
  EXPECT_TRUE(eventually(
    [&] {
      return every_node_shows(cluster, {"user", "list"}, "SCRAM-SHA-256,SCRAM-SHA-512", true);
    },
    20s)) << cluster.logs();
  auto added = until_done({"acl", "add", "--principal", "alice", "--topic", "orders-",
                           "--prefixed", "--operation", "write", "--manifest", m});
  ASSERT_EQ(added.exit_status, 0) << added.err;
  EXPECT_NE(added.out.find("User:alice from * allow write on topic orders- (prefixed)"),
            std::string::npos) << added.out;
  EXPECT_TRUE(eventually(
    [&] { return every_node_shows(cluster, {"acl", "list", "--topic", "orders-"}, "User:alice",
                                  true); },
    20s)) << cluster.logs();
  cluster.stop(node_id{3}, 15s);
  cluster.start(node_id{3});
  EXPECT_TRUE(eventually(
    [&] { return every_node_shows(cluster, {"acl", "list"}, "User:alice", true) &&
                 every_node_shows(cluster, {"user", "list"}, "alice", true); },
    30s)) << cluster.logs();
  auto removed = until_done({"acl", "remove", "--principal", "User:alice", "--manifest", m});
  ASSERT_EQ(removed.exit_status, 0) << removed.err;
  EXPECT_NE(removed.out.find("orders-"), std::string::npos) << removed.out;
  EXPECT_TRUE(eventually(
    [&] { return every_node_shows(cluster, {"acl", "list"}, "User:alice", false); }, 20s));
  ASSERT_EQ(until_done({"user", "delete", "alice", "--manifest", m}).exit_status, 0);
  EXPECT_TRUE(eventually(
    [&] { return every_node_shows(cluster, {"user", "list"}, "alice", false); }, 20s));
  EXPECT_EQ(cluster.logs().find("s3cret-pw"), std::string::npos);
}

TEST(security_admin, bad_requests_are_typed_errors) {
  test_cluster cluster{1};
  cluster.start_all();
  auto m = cluster.manifest_path();
  ASSERT_TRUE(eventually(
    [&] {
      auto r = strom({"cluster", "--manifest", m});
      return r.out.find("controller: node") != std::string::npos;
    },
    30s))
    << cluster.logs();
  auto empty = strom({"user", "create", "bob", "--manifest", m}, "");
  EXPECT_EQ(empty.exit_status, 64) << empty.err;
  EXPECT_NE(empty.err.find("no password"), std::string::npos) << empty.err;
  auto ghost = until_done({"user", "delete", "ghost", "--manifest", m});
  EXPECT_EQ(ghost.exit_status, 1) << ghost.err;
  EXPECT_NE(ghost.err.find("not_found"), std::string::npos) << ghost.err;
  auto bad_op = strom({"acl", "add", "--principal", "bob", "--group", "g", "--operation",
                       "write", "--manifest", m});
  EXPECT_EQ(bad_op.exit_status, 64) << bad_op.err;
  EXPECT_NE(bad_op.err.find("does not apply to a group"), std::string::npos) << bad_op.err;
  auto everything = strom({"acl", "remove", "--manifest", m});
  EXPECT_EQ(everything.exit_status, 64) << everything.err;
}

} // namespace
} // namespace strom::testing
