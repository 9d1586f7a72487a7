// What `group reset --to` accepts: earliest, latest, an offset, or @ and a
// time in ms; anything else is a usage error (nothing parsed).

#include <gtest/gtest.h>

#include "launcher/console_group_parts.hpp"

namespace strom {
namespace {

void expect_target(const std::string& text, reset_kind kind, int64_t value) {
  auto t = parse_reset_target(text);
  ASSERT_TRUE(t) << text;
  EXPECT_EQ(t->kind, kind) << text;
  EXPECT_EQ(t->value, value) << text;
}

TEST(reset_target, names_offsets_and_times_parse) {
  expect_target("earliest", reset_kind::earliest, 0);
  expect_target("latest", reset_kind::latest, 0);
  expect_target("42", reset_kind::offset, 42);
  expect_target("0", reset_kind::offset, 0);
  expect_target("@1700000000000", reset_kind::timestamp, 1'700'000'000'000);
}

TEST(reset_target, anything_else_is_refused) {
  for (auto text : {"", "@", "-1", "@-5", "middle", "12x", "Earliest", "@soon"})
    EXPECT_FALSE(parse_reset_target(text)) << "'" << text << "'";
}

} // namespace
} // namespace strom
