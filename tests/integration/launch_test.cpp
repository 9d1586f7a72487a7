// `strom launch` runs every local node, says when they are connected, stops
// them on a signal, and fails loudly when one dies.

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"
#include "tests/integration/support/test_cluster.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

struct launched {
  pid_t pid;
  std::string log;
};

launched launch(const test_cluster& cluster, const std::vector<std::string>& options = {}) {
  auto log = cluster.dir() + "/launch.log";
  std::vector<std::string> argv{STROM_BINARY, "launch", cluster.manifest_path()};
  argv.insert(argv.end(), options.begin(), options.end());
  return {spawn_process(argv, log), log};
}

bool log_has(const launched& l, const std::string& text) {
  return read_file(l.log).find(text) != std::string::npos;
}

pid_t child_pid(const launched& l, int node) {
  std::smatch m;
  auto text = read_file(l.log);
  std::regex started{"started node " + std::to_string(node) + " \\(pid ([0-9]+)\\)"};
  return std::regex_search(text, m, started) ? std::stoi(m[1]) : -1;
}

TEST(launch, starts_every_node_says_when_connected_and_stops_on_sigterm) {
  test_cluster cluster{3};
  auto l = launch(cluster);
  ASSERT_TRUE(eventually([&] { return log_has(l, "all 3 nodes of cluster 'test' are connected"); },
                         20s))
    << read_file(l.log);
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(log_has(l, "[node " + std::to_string(n) + "] ")) << read_file(l.log);
  kill(l.pid, SIGTERM);
  auto status = wait_exit(l.pid, 15s);
  ASSERT_TRUE(status.has_value()) << read_file(l.log);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << read_file(l.log);
  for (int n = 1; n <= 3; ++n)
    EXPECT_TRUE(log_has(l, "[node " + std::to_string(n) + "] ")) << read_file(l.log);
  EXPECT_TRUE(log_has(l, "node 2 stopped")) << read_file(l.log);
}

TEST(launch, a_node_that_dies_is_named_and_the_launcher_exits_non_zero) {
  test_cluster cluster{3};
  auto l = launch(cluster);
  ASSERT_TRUE(eventually([&] { return log_has(l, "are connected"); }, 20s)) << read_file(l.log);
  auto victim = child_pid(l, 2);
  ASSERT_GT(victim, 0) << read_file(l.log);
  kill(victim, SIGKILL);
  auto status = wait_exit(l.pid, 15s);
  ASSERT_TRUE(status.has_value()) << read_file(l.log);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0) << read_file(l.log);
  EXPECT_TRUE(log_has(l, "node 2 (pid " + std::to_string(victim) + ") killed by signal 9"))
    << read_file(l.log);
}

TEST(launch, in_json_every_line_is_a_record_of_the_launcher_or_of_a_node) {
  test_cluster cluster{2};
  auto l = launch(cluster, {"--log-format", "json"});
  ASSERT_TRUE(eventually([&] { return log_has(l, "are connected"); }, 20s)) << read_file(l.log);
  kill(l.pid, SIGTERM);
  ASSERT_TRUE(wait_exit(l.pid, 15s).has_value()) << read_file(l.log);
  std::set<int> nodes;
  std::istringstream lines{read_file(l.log)};
  for (std::string line; std::getline(lines, line);) {
    auto doc = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(doc.is_object()) << "not JSON: " << line;
    EXPECT_TRUE(doc.contains("ts") && doc.contains("level") && doc.contains("msg")) << line;
    if (doc.contains("node"))
      nodes.insert(doc["node"].get<int>());
    else
      EXPECT_EQ(doc.value("command", ""), "strom launch") << line;
  }
  EXPECT_EQ(nodes, (std::set<int>{1, 2})) << read_file(l.log);
}

TEST(launch, an_invalid_manifest_starts_nothing_and_exits_2) {
  auto dir = make_temp_dir("strom-launch");
  auto r = run_command({STROM_BINARY, "launch", dir + "/missing.yaml"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("cannot read the manifest"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("started node"), std::string::npos);
  rmdir(dir.c_str());
}

} // namespace
} // namespace strom::testing
