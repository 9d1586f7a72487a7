#include <gtest/gtest.h>

#include <vector>

#include "net/text/line_splitter.hpp"

namespace strom {
namespace {

std::vector<input_line> drain(line_splitter& s) {
  std::vector<input_line> out;
  while (auto line = s.next())
    out.push_back(*line);
  return out;
}

TEST(line_splitter, cuts_lines_at_newlines_with_or_without_carriage_returns) {
  line_splitter s{100};
  s.feed("HELP\r\nSTOP\nQU");
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "HELP");
  EXPECT_EQ(lines[1].text, "STOP");
  EXPECT_FALSE(s.has_line()) << "an unfinished line waits for its newline";
  s.feed("IT\n");
  lines = drain(s);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "QUIT");
  EXPECT_EQ(s.buffered_bytes(), 0u);
}

TEST(line_splitter, a_line_fed_byte_by_byte_comes_out_whole) {
  line_splitter s{100};
  for (char c : std::string{"PUBS t \"x\"\n"})
    s.feed(std::string(1, c));
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "PUBS t \"x\"");
}

TEST(line_splitter, an_empty_line_is_a_line) {
  line_splitter s{100};
  s.feed("\r\n\n");
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "");
}

TEST(line_splitter, an_over_long_line_is_reported_once_and_skipped_to_its_end) {
  line_splitter s{8};
  s.feed("0123456789");
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 1u) << "reported before its newline, which may never come";
  EXPECT_TRUE(lines[0].too_long);
  EXPECT_EQ(s.buffered_bytes(), 0u) << "its bytes are not kept";
  s.feed(std::string(1000, 'x'));
  EXPECT_EQ(s.buffered_bytes(), 0u);
  EXPECT_TRUE(drain(s).empty());
  s.feed("yyy\nHELP\n");
  lines = drain(s);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "HELP");
  EXPECT_FALSE(lines[0].too_long);
}

TEST(line_splitter, an_over_long_line_that_arrives_whole_is_reported_in_its_place) {
  line_splitter s{4};
  s.feed("STOP\n0123456789\nQUIT\n");
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "STOP");
  EXPECT_TRUE(lines[1].too_long);
  EXPECT_EQ(lines[2].text, "QUIT");
}

TEST(line_splitter, a_line_of_exactly_the_limit_passes) {
  line_splitter s{4};
  s.feed("abcd");
  EXPECT_FALSE(s.has_line());
  s.feed("\r\n");
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "abcd");
}

} // namespace
} // namespace strom
