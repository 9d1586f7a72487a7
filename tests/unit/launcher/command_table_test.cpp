// `strom --help` is written from the table the binary dispatches with, so
// every command is in it, bench's own too; `strom --version` names a version.

#include <gtest/gtest.h>

#include <regex>

#include "launcher/command_table.hpp"
#include "launcher/version.hpp"

namespace strom {
namespace {

bool has_line_for(const std::string& usage, const std::string& name) {
  return usage.find("\n  " + name + "  ") != std::string::npos;
}

TEST(command_table, the_help_lists_every_command_it_dispatches) {
  auto usage = strom_usage();
  ASSERT_GE(strom_commands().size(), 10u);
  for (const auto& c : strom_commands())
    EXPECT_TRUE(has_line_for(usage, c.name)) << c.name << " is missing from\n" << usage;
}

TEST(command_table, the_help_lists_every_benchmark_under_bench) {
  auto usage = strom_usage();
  ASSERT_GE(bench_commands().size(), 6u);
  for (const auto& b : bench_commands())
    EXPECT_TRUE(has_line_for(usage, "bench " + b.name)) << b.name << " is missing from\n" << usage;
  for (auto name : {"bench storage", "bench raft", "bench produce", "bench consume", "bench group",
                    "bench idle"})
    EXPECT_TRUE(has_line_for(usage, name)) << name << " is missing from\n" << usage;
}

TEST(command_table, no_command_is_named_twice) {
  for (const auto* table : {&strom_commands(), &bench_commands()})
    for (size_t i = 0; i < table->size(); ++i)
      for (size_t j = i + 1; j < table->size(); ++j)
        EXPECT_NE((*table)[i].name, (*table)[j].name);
}

TEST(version, names_the_project_version_and_a_commit_when_built_from_git) {
  std::regex shape{R"(strom [0-9]+\.[0-9]+\.[0-9]+( \(commit [0-9a-f]{7,}\))?)"};
  EXPECT_TRUE(std::regex_match(version_text(), shape)) << version_text();
}

} // namespace
} // namespace strom
