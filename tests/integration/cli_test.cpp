// The strom binary's own command line: its version, its help, and the
// logging options every command takes.

#include <gtest/gtest.h>

#include <regex>

#include "launcher/command_table.hpp"
#include "tests/support/process.hpp"

namespace strom::testing {
namespace {

using namespace std::chrono_literals;

run_result strom(const std::vector<std::string>& args) {
  std::vector<std::string> argv{STROM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, "", 30s);
}

// Every command's words, benchmarks as `bench NAME`; `bench` alone only
// dispatches to them.
std::vector<std::vector<std::string>> every_command() {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : strom_commands())
    if (c.name != "bench")
      out.push_back({c.name});
  for (const auto& b : bench_commands())
    out.push_back({"bench", b.name});
  return out;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

TEST(cli, version_and_dash_dash_version_print_the_same_line) {
  auto flag = strom({"--version"});
  auto word = strom({"version"});
  EXPECT_EQ(flag.exit_status, 0) << flag.err;
  EXPECT_EQ(word.exit_status, 0) << word.err;
  EXPECT_EQ(flag.out, word.out);
  std::regex shape{R"(strom [0-9]+\.[0-9]+\.[0-9]+( \(commit [0-9a-f]{7,}\))?\n)"};
  EXPECT_TRUE(std::regex_match(flag.out, shape)) << flag.out;
}

TEST(cli, the_help_lists_bench_idle_and_every_other_benchmark) {
  auto help = strom({"--help"});
  EXPECT_EQ(help.exit_status, 0) << help.err;
  for (const auto& words : every_command())
    EXPECT_NE(help.out.find("  " + joined(words) + "  "), std::string::npos)
      << joined(words) << " missing from\n" << help.out;
}

TEST(cli, an_unknown_command_is_a_usage_error_with_the_list) {
  auto r = strom({"frobnicate"});
  EXPECT_EQ(r.exit_status, 64);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bench idle"), std::string::npos) << r.err;
}

TEST(cli, every_command_takes_the_log_level_and_format_options) {
  for (auto words : every_command()) {
    auto name = joined(words);
    auto with = [&words](std::vector<std::string> more) {
      more.insert(more.begin(), words.begin(), words.end());
      return strom(more);
    };
    auto help = with({"--help"});
    EXPECT_EQ(help.exit_status, 0) << name << ": " << help.err;
    EXPECT_NE(help.out.find("--log-level"), std::string::npos) << name << ":\n" << help.out;
    EXPECT_NE(help.out.find("--log-format"), std::string::npos) << name << ":\n" << help.out;
    auto level = with({"--log-level", "loud"});
    EXPECT_EQ(level.exit_status, 64) << name;
    EXPECT_NE(level.err.find("unknown log level 'loud'"), std::string::npos)
      << name << ": " << level.err;
    auto format = with({"--log-format=xml"});
    EXPECT_EQ(format.exit_status, 64) << name;
    EXPECT_NE(format.err.find("unknown log format 'xml'"), std::string::npos)
      << name << ": " << format.err;
  }
}

} // namespace
} // namespace strom::testing
