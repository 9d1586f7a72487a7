#include <gtest/gtest.h>

#include "net/text/line_tokens.hpp"

namespace strom {
namespace {

TEST(line_words, bare_and_quoted_words_split_on_spaces_and_tabs) {
  auto words = split_words("  PUBS\torders   key=\"a b\" \"hello world\"  ");
  ASSERT_TRUE(words) << words.error().describe();
  ASSERT_EQ(words->size(), 4u);
  EXPECT_EQ((*words)[0].bare, "PUBS");
  EXPECT_FALSE((*words)[0].quoted);
  EXPECT_EQ((*words)[0].column, 3u);
  EXPECT_EQ((*words)[2].bare, "key=");
  EXPECT_EQ((*words)[2].quoted, std::optional<std::string>{"a b"});
  EXPECT_EQ((*words)[3].bare, "");
  EXPECT_EQ((*words)[3].quoted, std::optional<std::string>{"hello world"});
}

TEST(line_words, escapes_inside_quotes_give_the_bytes_they_name) {
  auto words = split_words(R"("q\" b\\ n\n r\r t\t z\0 x\x41\xff")");
  ASSERT_TRUE(words) << words.error().describe();
  EXPECT_EQ(*words->at(0).quoted, std::string("q\" b\\ n\n r\r t\t z\0 xA\xff", 21));
}

TEST(line_words, an_empty_quoted_string_is_a_value) {
  auto words = split_words("\"\"");
  ASSERT_TRUE(words);
  EXPECT_EQ(words->at(0).quoted, std::optional<std::string>{""});
}

TEST(line_words, malformed_quoting_is_a_bad_request_that_says_where) {
  for (const char* line : {"\"open", "\"bad \\q\"", "\"hex \\x4\"", "\"a\"b", "x \"ends\\"}) {
    auto words = split_words(line);
    ASSERT_FALSE(words) << line;
    EXPECT_EQ(words.error().code, errc::bad_request) << line;
    EXPECT_NE(words.error().message.find("column"), std::string::npos) << words.error().message;
  }
}

TEST(line_words, control_bytes_are_refused_inside_and_outside_quotes) {
  auto outside = split_words(std::string("PUBS\x01 x", 7));
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message.find("0x01"), std::string::npos) << outside.error().message;
  auto inside = split_words(std::string("\"a\x1b b\"", 6));
  ASSERT_FALSE(inside);
  EXPECT_NE(inside.error().message.find("0x1b"), std::string::npos) << inside.error().message;
}

TEST(line_words, bytes_from_0x80_pass_as_they_are) {
  auto words = split_words("\"gr\xc3\xbc\xc3\x9f\" caf\xc3\xa9");
  ASSERT_TRUE(words);
  EXPECT_EQ(*words->at(0).quoted, "gr\xc3\xbc\xc3\x9f");
  EXPECT_EQ(words->at(1).bare, "caf\xc3\xa9");
}

TEST(quote, gives_back_every_byte_through_split_words) {
  std::string all;
  for (int c = 0; c < 256; ++c)
    all += static_cast<char>(c);
  auto quoted = quote(all);
  for (char c : quoted)
    EXPECT_FALSE(c == '\n' || c == '\r' || c == '\0') << "a quoted value stays on one line";
  auto words = split_words(quoted);
  ASSERT_TRUE(words) << words.error().describe();
  EXPECT_EQ(*words->at(0).quoted, all);
}

} // namespace
} // namespace strom
