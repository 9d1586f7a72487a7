// A cluster whose manifest turns security on: `strom tls init` is all it
// takes, its nodes link by mutual TLS, and a node's port admits nodes alone:
// no certificate, another CA's or the clients' CA's, a plaintext client or
// garbage, each is turned away while the node goes on serving. A node whose
// TLS files cannot be used says which and why, and does not start.

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include <caf/actor_system.hpp>

#include "net/client/broker_connect.hpp"
#include "net/cluster/system_config.hpp"
#include "tests/integration/support/secure_cluster.hpp"
#include "tests/integration/support/test_cluster.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

const std::string security_yaml = security_section();

run_result strom(const std::vector<std::string>& args, const std::string& input = "") {
  return run_strom(args, input);
}

void tls_init(const test_cluster& cluster) {
  auto r = strom({"tls", "init", cluster.manifest_path()});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
}

// What a CAF connection with these files (none: plaintext) gets from a node.
caf::expected<broker_actor> dial(const endpoint& e, const std::optional<tls_files>& tls) {
  strom_config cfg{tls};
  caf::actor_system sys{cfg};
  return connect_broker(sys, e, 5s);
}

tls_files peer_files(const test_cluster& cluster, int id) {
  auto tls = cluster.dir() + "/tls/";
  auto n = std::to_string(id);
  return {tls + "peer-ca.crt", tls + "node-" + n + ".peer.crt", tls + "node-" + n + ".peer.key"};
}

// Connects, writes `garbage` (nothing for an empty one) and goes.
void send_garbage(uint16_t port, const std::string& garbage) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback_address(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    EXPECT_GE(::write(fd, garbage.data(), garbage.size()), 0);
  }
  ::close(fd);
}

// How often the nodes' logs say a peer went down.
size_t count_downs(const test_cluster& cluster) {
  size_t count = 0;
  auto logs = cluster.logs();
  for (auto at = logs.find(" is down"); at != std::string::npos; at = logs.find(" is down", at + 1))
    ++count;
  return count;
}

bool cluster_answers(const test_cluster& cluster) {
  auto r = strom({"cluster", "--manifest", cluster.manifest_path()});
  return r.exit_status == 0 && r.out.find("controller: node") != std::string::npos;
}

TEST(tls, nodes_link_by_mutual_tls_and_serve_topics) {
  test_cluster cluster{3, security_yaml};
  tls_init(cluster);
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return cluster_answers(cluster); }, 30s)) << cluster.logs();
  EXPECT_NE(read_file(cluster.log_path(node_id{1})).find("(mutual TLS)"), std::string::npos);
  auto m = cluster.manifest_path();
  // As cluster_view::create_topic: a new cluster's controller may change
  // leader (no_controller) before it settles.
  run_result created;
  ASSERT_TRUE(eventually(
    [&] {
      created = strom({"topic", "create", "orders", "--manifest", m});
      return created.exit_status == 0 || created.err.find("exists") != std::string::npos;
    },
    30s))
    << created.err << cluster.logs();
  auto produced = strom({"produce", "-t", "orders", "--manifest", m}, "one\ntwo\n");
  ASSERT_EQ(produced.exit_status, 0) << produced.err;
  auto consumed = strom({"consume", "-t", "orders", "-o", "beginning", "-e", "--manifest", m});
  ASSERT_EQ(consumed.exit_status, 0) << consumed.err;
  EXPECT_NE(consumed.out.find("one"), std::string::npos) << consumed.out;
  EXPECT_NE(consumed.out.find("two"), std::string::npos) << consumed.out;
}

TEST(tls, a_node_port_admits_only_certificates_of_the_peer_ca) {
  test_cluster cluster{1, security_yaml};
  tls_init(cluster);
  test_cluster stranger{1, security_yaml};
  tls_init(stranger);
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return cluster_answers(cluster); }, 30s)) << cluster.logs();
  auto node = cluster.endpoint_of(node_id{1});
  auto tls = cluster.dir() + "/tls/";
  EXPECT_FALSE(dial(node, std::nullopt)) << "a plaintext client connected";
  EXPECT_FALSE(dial(node, peer_files(stranger, 1))) << "another cluster's node connected";
  // The clients' CA and its admin certificate: valid for the doors, not here.
  tls_files admin{tls + "peer-ca.crt", tls + "admin.crt", tls + "admin.key"};
  EXPECT_FALSE(dial(node, admin)) << "a client certificate connected as a node";
  tls_files client_ca_node{tls + "ca.crt", tls + "node-1.crt", tls + "node-1.key"};
  EXPECT_FALSE(dial(node, client_ca_node)) << "a door's certificate connected as a node";
  ASSERT_TRUE(dial(node, peer_files(cluster, 1))) << cluster.logs();
  EXPECT_EQ(kill(cluster.pid(node_id{1}), 0), 0) << cluster.logs();
}

TEST(tls, plaintext_garbage_on_the_port_is_dropped_and_the_node_goes_on) {
  test_cluster cluster{1, security_yaml};
  tls_init(cluster);
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return cluster_answers(cluster); }, 30s)) << cluster.logs();
  auto port = cluster.endpoint_of(node_id{1}).port;
  for (const char* garbage : {"GET / HTTP/1.0\r\n\r\n", "\x16\x03\x01\x00\x05hello", ""})
    send_garbage(port, garbage);
  EXPECT_TRUE(cluster_answers(cluster)) << cluster.logs();
  EXPECT_EQ(kill(cluster.pid(node_id{1}), 0), 0) << cluster.logs();
}

// Each connection's TLS errors stay its own: a tool that comes and goes, a
// plaintext client, garbage and a closed handshake leave every link
// between the nodes up (launcher/openssl_error_queue.cpp says why they
// did not).
TEST(tls, links_between_nodes_outlast_tools_and_strangers) {
  test_cluster cluster{3, security_yaml};
  tls_init(cluster);
  cluster.start_all();
  ASSERT_TRUE(eventually([&] { return cluster_answers(cluster); }, 30s)) << cluster.logs();
  auto downs_before = count_downs(cluster);
  for (int round = 0; round < 3; ++round) {
    EXPECT_TRUE(cluster_answers(cluster)) << cluster.logs();
    EXPECT_FALSE(dial(cluster.endpoint_of(node_id{1}), std::nullopt));
    std::string garbage = round == 0 ? "" : "GET / HTTP/1.0\r\n\r\n";
    for (int id = 1; id <= 3; ++id)
      send_garbage(cluster.endpoint_of(node_id{id}).port, garbage);
  }
  EXPECT_TRUE(cluster_answers(cluster)) << cluster.logs();
  EXPECT_EQ(count_downs(cluster), downs_before) << cluster.logs();
}

TEST(tls, a_key_others_may_read_keeps_the_node_from_starting) {
  test_cluster cluster{1, security_yaml};
  tls_init(cluster);
  auto key = peer_files(cluster, 1).key_file;
  ASSERT_EQ(::chmod(key.c_str(), 0644), 0);
  cluster.start(node_id{1});
  auto status = wait_exit(cluster.pid(node_id{1}), 20s);
  ASSERT_TRUE(status.has_value()) << cluster.logs();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 4) << cluster.logs();
  EXPECT_NE(cluster.logs().find(key + " may be read by others (mode 0644)"), std::string::npos)
    << cluster.logs();
  cluster.reap(node_id{1});
}

TEST(tls, init_without_a_security_section_shows_one_and_writes_nothing) {
  test_cluster cluster{1};
  auto r = strom({"tls", "init", cluster.manifest_path()});
  EXPECT_EQ(r.exit_status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("peer_ca: tls/peer-ca.crt"), std::string::npos) << r.err;
  EXPECT_NE(::access((cluster.dir() + "/tls").c_str(), F_OK), 0);
}

} // namespace
} // namespace strom::testing
