#pragma once
// What the security tests share: the strom binary run as a user runs it,
// and a manifest's security section (files where `strom tls init` writes
// them, beside the manifest), with a door's mechanisms if given.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {

inline run_result run_strom(const std::vector<std::string>& args,
                            const std::string& input = "") {
  std::vector<std::string> argv{STROM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, input, std::chrono::seconds{30});
}

// `strom ARGS --manifest M`, retried while the node starts and its
// controller settles; the test fails when it never succeeds.
inline void admin_until_done(const test_cluster& cluster, std::vector<std::string> args,
                             const std::string& input = "") {
  args.insert(args.end(), {"--manifest", cluster.manifest_path()});
  run_result r;
  ASSERT_TRUE(eventually(
    [&] {
      r = run_strom(args, input);
      return r.exit_status == 0;
    },
    std::chrono::seconds{30}))
    << r.err << cluster.logs();
}

// `authentication`: lines under `authentication:`, such as "    grpc: [mtls]".
inline std::string security_section(const std::string& authentication = "") {
  std::string out = R"(security:
  tls:
    ca: tls/ca.crt
    cert: tls/node-{id}.crt
    key: tls/node-{id}.key
    peer_ca: tls/peer-ca.crt
    peer_cert: tls/node-{id}.peer.crt
    peer_key: tls/node-{id}.peer.key
  super_users: [admin]
)";
  if (!authentication.empty())
    out += "  authentication:\n" + authentication + "\n";
  return out;
}

// How a client comes to a secure door: the CA it trusts the node by (none:
// plaintext), its own certificate if any, and a user's password if any.
struct door_caller {
  std::string ca, cert, key;
  std::string user, password;
};

// One node with security on and its door `d` open, another cluster's CA
// beside it (a stranger's certificates), and two users: alice (password
// alice-pw) and bob (bob-pw). `admin` holds a certificate of the super user.
class secure_door_test : public ::testing::Test {
protected:
  void start(test_cluster::door d, const std::string& security_yaml) {
    cluster_ = std::make_unique<test_cluster>(1, security_yaml);
    cluster_->open_door_ports(d);
    ASSERT_EQ(run_strom({"tls", "init", cluster_->manifest_path()}).exit_status, 0);
    stranger_ = std::make_unique<test_cluster>(1, security_yaml);
    ASSERT_EQ(run_strom({"tls", "init", stranger_->manifest_path()}).exit_status, 0);
    cluster_->start_all();
    admin_until_done(*cluster_, {"user", "create", "alice"}, "alice-pw\n");
    admin_until_done(*cluster_, {"user", "create", "bob"}, "bob-pw\n");
  }

  std::string tls(const std::string& file) const { return cluster_->dir() + "/tls/" + file; }
  door_caller user(const std::string& name, const std::string& password) const {
    return {tls("ca.crt"), "", "", name, password};
  }
  door_caller nobody() const { return {tls("ca.crt"), "", "", "", ""}; }
  door_caller admin_certificate() const {
    return {tls("ca.crt"), tls("admin.crt"), tls("admin.key"), "", ""};
  }
  door_caller other_ca_certificate() const {
    auto dir = stranger_->dir() + "/tls/";
    return {tls("ca.crt"), dir + "admin.crt", dir + "admin.key", "", ""};
  }
  void admin(std::vector<std::string> args, const std::string& input = "") {
    admin_until_done(*cluster_, std::move(args), input);
  }
  // What every door's test lets alice do: write and read topic orders, read
  // group billing, create topics made-*, delete topics doomed-*.
  void grant_alice_the_test_acls() {
    for (auto args : std::vector<std::vector<std::string>>{
           {"--topic", "orders", "--operation", "write"},
           {"--topic", "orders", "--operation", "read"},
           {"--group", "billing", "--operation", "read"},
           {"--topic", "made-", "--prefixed", "--operation", "create"},
           {"--topic", "doomed-", "--prefixed", "--operation", "delete"}}) {
      args.insert(args.begin(), {"acl", "add", "--principal", "alice"});
      admin(args);
    }
  }

  std::unique_ptr<test_cluster> cluster_;
  std::unique_ptr<test_cluster> stranger_;
};

} // namespace strom::testing
