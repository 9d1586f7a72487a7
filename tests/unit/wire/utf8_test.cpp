// The one UTF-8 check, shared by the record batch walk and the HTTP door.

#include <gtest/gtest.h>

#include "messages/utf8.hpp"

namespace strom {
namespace {

TEST(utf8, accepts_text_and_refuses_broken_sequences) {
  EXPECT_TRUE(valid_utf8("plain"));
  EXPECT_TRUE(valid_utf8("gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(valid_utf8("\xFF"));
  EXPECT_FALSE(valid_utf8("\xC3"));           // truncated
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));       // overlong
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));   // surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
}

TEST(utf8, accepts_every_sequence_length_at_its_bounds) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("\x7F"));
  EXPECT_TRUE(valid_utf8("\xC2\x80"));          // U+0080, the smallest two-byte
  EXPECT_TRUE(valid_utf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(valid_utf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE0\x80\x80"));     // overlong three-byte
  EXPECT_FALSE(valid_utf8("\xF0\x80\x80\x80")); // overlong four-byte
  EXPECT_FALSE(valid_utf8("\xF8\x88\x80\x80\x80")); // five-byte lead
}

} // namespace
} // namespace strom
