// With --log-format json (or STROM_LOG_FORMAT=json) every line a command
// writes to stderr is one JSON object naming its node or command, so that a
// log shipper takes it whole; in text a node's lines begin with its name.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// Each line as JSON, with ts, level and msg; a line that is not fails the test.
std::vector<json> records_of(const std::string& text) {
  std::vector<json> out;
  for (const auto& line : lines_of(text)) {
    auto doc = json::parse(line, nullptr, false);
    EXPECT_TRUE(doc.is_object()) << "not a JSON object: " << line;
    if (!doc.is_object())
      continue;
    for (auto key : {"ts", "level", "msg"})
      EXPECT_TRUE(doc.contains(key)) << key << " missing from " << line;
    out.push_back(doc);
  }
  return out;
}

bool some_message_has(const std::vector<json>& records, const std::string& text) {
  for (const auto& r : records)
    if (r.value("msg", "").find(text) != std::string::npos)
      return true;
  return false;
}

// A manifest whose node 1 has an impossible port (line 5).
struct bad_manifest {
  bad_manifest() : dir(make_temp_dir("strom-logs")), path(dir + "/bad.yaml") {
    std::ofstream{path} << "cluster: x\nnodes:\n  - id: 1\n    host: 127.0.0.1\n"
                           "    port: 99999\n    data_dir: " + dir + "/node-1\n";
  }
  ~bad_manifest() { std::filesystem::remove_all(dir); }

  std::string dir;
  std::string path;
};

TEST(log_format, a_node_refusing_its_manifest_says_why_in_json_lines_naming_it) {
  bad_manifest m;
  auto r = run_command({STROM_BINARY, "node", "--manifest", m.path, "--id", "1", "--log-format",
                        "json"}, "", 20s);
  EXPECT_EQ(r.exit_status, 2) << r.err;
  auto records = records_of(r.err);
  ASSERT_GE(records.size(), 2u) << r.err;
  for (const auto& rec : records) {
    EXPECT_EQ(rec.value("node", -1), 1) << rec.dump();
    EXPECT_EQ(rec.value("level", ""), "error") << rec.dump();
  }
  EXPECT_TRUE(some_message_has(records, m.path + ":5: nodes[0].port:")) << r.err;
}

TEST(log_format, in_text_every_line_of_a_node_begins_with_its_name) {
  bad_manifest m;
  auto r = run_command({STROM_BINARY, "node", "--manifest", m.path, "--id", "1"}, "", 20s);
  EXPECT_EQ(r.exit_status, 2) << r.err;
  auto lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r.err;
  for (const auto& line : lines)
    EXPECT_EQ(line.rfind("[node 1] ", 0), 0u) << line;
}

TEST(log_format, a_tool_that_reaches_no_node_says_so_in_json_naming_its_command) {
  auto nobody = "127.0.0.1:" + std::to_string(free_port());
  auto r = run_command({STROM_BINARY, "cluster", "-b", nobody, "--timeout-ms", "500",
                        "--log-format", "json"}, "", 30s);
  EXPECT_EQ(r.exit_status, 3) << r.err;
  auto records = records_of(r.err);
  ASSERT_FALSE(records.empty()) << "no record of the failure";
  for (const auto& rec : records)
    EXPECT_EQ(rec.value("command", ""), "strom cluster") << rec.dump();
  EXPECT_TRUE(some_message_has(records, "unreachable")) << r.err;
}

TEST(log_format, strom_log_format_in_the_environment_asks_for_json_too) {
  setenv("STROM_LOG_FORMAT", "json", 1);
  auto r = run_command({STROM_BINARY, "produce", "-t", "x", "--acks", "2", "-b", "h:1"}, "", 30s);
  unsetenv("STROM_LOG_FORMAT");
  EXPECT_EQ(r.exit_status, 64) << r.err;
  auto records = records_of(r.err);
  ASSERT_FALSE(records.empty());
  for (const auto& rec : records)
    EXPECT_EQ(rec.value("command", ""), "strom produce") << rec.dump();
  EXPECT_TRUE(some_message_has(records, "--acks takes 0, 1 or all")) << r.err;
}

TEST(log_format, a_usage_mistake_before_the_format_option_is_still_reported_in_json) {
  auto r = run_command({STROM_BINARY, "consume", "--frobnicate", "--log-format", "json"}, "", 30s);
  EXPECT_EQ(r.exit_status, 64) << r.err;
  auto records = records_of(r.err);
  EXPECT_TRUE(some_message_has(records, "unknown option --frobnicate")) << r.err;
}

} // namespace
} // namespace strom::testing
