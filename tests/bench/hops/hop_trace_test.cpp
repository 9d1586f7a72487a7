// The hop trace: off without STROM_HOP_TRACE; with it, one line per mark, in
// the order taken, from every thread, and the budget script reads them.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "messages/hop_trace.hpp"

namespace strom {
namespace {

std::string trace_path() { return "/tmp/strom-hop-trace-" + std::to_string(::getpid()); }

std::vector<std::vector<std::string>> lines_of(const std::string& path) {
  std::vector<std::vector<std::string>> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::vector<std::string> fields;
    for (std::string w; words >> w;)
      fields.push_back(w);
    out.push_back(fields);
  }
  return out;
}

// The flag is read once per process, so this one test runs both halves.
TEST(hop_trace, writes_one_line_per_mark_once_turned_on) {
  auto path = trace_path();
  ::unlink(path.c_str());
  ::setenv("STROM_HOP_TRACE", path.c_str(), 1);
  ASSERT_TRUE(hop_trace_on());
  hop_mark("client.send", 7);
  std::thread other([] { hop_mark("writer.begin", 3, 4); });
  other.join();
  hop_mark("client.reply", 7, 42);
  auto lines = lines_of(path);
  ::unlink(path.c_str());
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& l : lines)
    ASSERT_EQ(l.size(), 6u);
  EXPECT_EQ(lines[0][3], "client.send");
  EXPECT_EQ(lines[0][4], "7");
  EXPECT_EQ(lines[0][5], "-1");
  EXPECT_EQ(lines[1][3], "writer.begin");
  EXPECT_NE(lines[1][2], lines[0][2]) << "the thread id names the thread";
  EXPECT_EQ(lines[2][5], "42");
  EXPECT_LE(std::stoll(lines[0][0]), std::stoll(lines[1][0]));
  EXPECT_LE(std::stoll(lines[1][0]), std::stoll(lines[2][0]));
  EXPECT_EQ(lines[0][1], std::to_string(::getpid()));
}

} // namespace
} // namespace strom
