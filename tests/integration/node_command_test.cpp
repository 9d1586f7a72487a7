// `strom node` refuses what it cannot run, saying why, and starts nothing.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/process.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

run_result strom_node(const std::vector<std::string>& args) {
  std::vector<std::string> argv{STROM_BINARY, "node"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, "", 20s);
}

TEST(node_command, an_invalid_manifest_exits_2_naming_line_and_field_and_starts_nothing) {
  auto dir = make_temp_dir("strom-node");
  auto path = dir + "/bad.yaml";
  std::ofstream{path} << "cluster: x\nnodes:\n  - id: 1\n    host: 127.0.0.1\n    port: 99999\n"
                         "    data_dir: " + dir + "/node-1\n    controller: true\n";
  auto r = strom_node({"--manifest", path, "--id", "1"});
  EXPECT_EQ(r.exit_status, 2) << r.err;
  EXPECT_NE(r.err.find(path + ":5: nodes[0].port:"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/node-1")) << "a data dir was created anyway";
  std::filesystem::remove_all(dir);
}

TEST(node_command, a_node_id_missing_from_the_manifest_exits_2) {
  test_cluster cluster{1};
  auto r = strom_node({"--manifest", cluster.manifest_path(), "--id", "9"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("node 9 is not in"), std::string::npos) << r.err;
}

TEST(node_command, wrong_arguments_print_usage_and_exit_64) {
  for (auto args : std::vector<std::vector<std::string>>{
         {}, {"--manifest", "x.yaml"}, {"--id", "1"}, {"--bogus"},
         {"--manifest", "x.yaml", "--id", "one"}, {"--manifest", "x.yaml", "--id", "1", "--log-level", "loud"},
         {"--manifest"}}) {
    auto r = strom_node(args);
    EXPECT_EQ(r.exit_status, 64) << r.err;
    EXPECT_NE(r.err.find("usage: strom node"), std::string::npos) << r.err;
  }
}

// A good --bind and --route: tests/chaos/partition_test.cpp runs every node so.
TEST(node_command, a_bind_or_route_that_makes_no_sense_prints_usage_and_exit_64) {
  test_cluster cluster{2};
  for (auto args : std::vector<std::vector<std::string>>{
         {"--bind", "127.0.0.1"}, {"--bind", "127.0.0.1:0"}, {"--route", "2"},
         {"--route", "2=127.0.0.1"}, {"--route", "x=127.0.0.1:1"}, {"--route", "1=127.0.0.1:1"},
         {"--route", "9=127.0.0.1:1"}}) {
    args.insert(args.begin(), {"--manifest", cluster.manifest_path(), "--id", "1"});
    auto r = strom_node(args);
    EXPECT_EQ(r.exit_status, 64) << r.err;
    EXPECT_NE(r.err.find("usage: strom node"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(cluster.dir() + "/node-1")) << "a data dir was created";
}

TEST(node_command, two_processes_never_share_a_data_dir) {
  test_cluster cluster{1};
  cluster.start(node_id{1});
  ASSERT_TRUE(eventually([&] {
    return read_file(cluster.log_path(node_id{1})).find("listening") != std::string::npos;
  }, 10s)) << cluster.logs();
  auto r = strom_node({"--manifest", cluster.manifest_path(), "--id", "1"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("in use by another strom process"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(cluster.dir() + "/node-1"), std::string::npos) << "the error must name the dir: " << r.err;
}

TEST(node_command, a_corrupt_store_is_an_error_naming_the_data_dir) {
  test_cluster cluster{1};
  auto dir = cluster.dir() + "/node-1";
  std::filesystem::create_directories(dir);
  std::ofstream{dir + "/data.mdb"} << std::string(65536, 'x');
  auto r = strom_node({"--manifest", cluster.manifest_path(), "--id", "1"});
  EXPECT_EQ(r.exit_status, 1) << r.err;
  EXPECT_NE(r.err.find(dir), std::string::npos) << "the error must name the dir: " << r.err;
  EXPECT_EQ(read_file(dir + "/data.mdb"), std::string(65536, 'x')) << "the file was changed";
}

TEST(node_command, a_port_already_taken_is_a_clear_error) {
  test_cluster cluster{1};
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(cluster.endpoint_of(node_id{1}).port);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  auto r = strom_node({"--manifest", cluster.manifest_path(), "--id", "1"});
  close(fd);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("cannot listen on 127.0.0.1:"), std::string::npos) << r.err;
}

TEST(node_command, the_log_level_comes_from_strom_log_when_no_flag_is_given) {
  test_cluster cluster{1};
  setenv("STROM_LOG", "warn", 1);
  auto pid = spawn_process({STROM_BINARY, "node", "--manifest", cluster.manifest_path(), "--id", "1"},
                           cluster.log_path(node_id{1}));
  unsetenv("STROM_LOG");
  // Up once it accepts peers: it would have said "listening" by then.
  ASSERT_TRUE(eventually([&] { return port_accepts(cluster.endpoint_of(node_id{1}).port); }, 30s));
  kill(pid, SIGTERM);
  ASSERT_TRUE(wait_exit(pid, 5s).has_value());
  auto log = read_file(cluster.log_path(node_id{1}));
  EXPECT_EQ(log.find("listening"), std::string::npos) << "info lines at level warn:\n" << log;

  auto pid2 = spawn_process({STROM_BINARY, "node", "--manifest", cluster.manifest_path(), "--id",
                             "1", "--log-level", "info"},
                            cluster.log_path(node_id{1}));
  EXPECT_TRUE(eventually([&] {
    return read_file(cluster.log_path(node_id{1})).find("listening") != std::string::npos;
  }, 10s));
  kill(pid2, SIGTERM);
  ASSERT_TRUE(wait_exit(pid2, 5s).has_value());
}

} // namespace
} // namespace strom::testing
