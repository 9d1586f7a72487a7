// How the one-shot commands read their arguments: kcat's -o start offsets
// and the connection options (the parser itself: command_line_test.cpp).

#include <gtest/gtest.h>

#include "launcher/command_line.hpp"
#include "launcher/start_offset.hpp"
#include "launcher/tool_connection.hpp"

namespace strom {
namespace {

using kind = start_offset::kind;

void expect_start(const std::string& text, kind what, int64_t value) {
  auto s = parse_start_offset(text);
  ASSERT_TRUE(s) << text;
  EXPECT_EQ(s->what, what) << text;
  EXPECT_EQ(s->value, value) << text;
}

TEST(start_offset, kcat_offsets_parse) {
  expect_start("beginning", kind::beginning, 0);
  expect_start("end", kind::end, 0);
  expect_start("stored", kind::stored, 0);
  expect_start("0", kind::absolute, 0);
  expect_start("1234", kind::absolute, 1234);
  expect_start("-10", kind::from_end, 10);
  expect_start("s@1700000000000", kind::timestamp, 1'700'000'000'000);
}

TEST(start_offset, anything_else_is_refused) {
  for (auto text : {"", "-0", "+5", "s@", "s@-1", "s@soon", "Beginning", "12x", "e@5"})
    EXPECT_FALSE(parse_start_offset(text)) << "'" << text << "'";
}

TEST(start_offset, n_before_the_end_never_starts_before_the_log) {
  EXPECT_EQ(from_end_offset(0, 100, 10), 90);
  EXPECT_EQ(from_end_offset(0, 5, 10), 0);
  EXPECT_EQ(from_end_offset(50, 55, 10), 50);
}

TEST(tool_connection, exactly_one_of_manifest_and_bootstrap_is_required) {
  std::string problem;
  auto usage = [&problem](const std::string& p) {
    problem = p;
    return 64;
  };
  auto specs = connection_options(false);
  int status = 0;
  EXPECT_FALSE(resolve_connection(parse_command_line({}, specs), usage, status));
  EXPECT_EQ(status, 64);
  EXPECT_NE(problem.find("exactly one"), std::string::npos) << problem;
  auto cl = parse_command_line({"-b", "h:1,h:2", "--timeout-ms", "250", "--json"}, specs);
  auto c = resolve_connection(cl, usage, status);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->endpoints.size(), 2u);
  EXPECT_EQ(c->timeout_ms, std::chrono::milliseconds{250});
  EXPECT_TRUE(c->json);
  EXPECT_FALSE(resolve_connection(parse_command_line({"-b", "h:1", "--timeout-ms", "0"}, specs),
                                  usage, status));
  EXPECT_FALSE(resolve_connection(parse_command_line({"-b", "nocolon"}, specs), usage, status));
}

} // namespace
} // namespace strom
