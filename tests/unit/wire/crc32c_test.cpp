// CRC32C against published check values, hardware and table paths alike.

#include <gtest/gtest.h>

#include <string>

#include "messages/crc32c.hpp"

namespace strom {
namespace {

TEST(crc32c, matches_the_standard_check_value) {
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c_extend_portable(0, "123456789", 9), 0xE3069283u);
}

TEST(crc32c, matches_rfc3720_vectors) {
  // iSCSI (RFC 3720, B.4): 32 zero bytes, 32 0xFF bytes, 0..31 ascending.
  std::string zeros(32, '\0'), ones(32, '\xFF'), ascending(32, '\0');
  for (int i = 0; i < 32; ++i)
    ascending[i] = static_cast<char>(i);
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
  EXPECT_EQ(crc32c(ones), 0x62A8AB43u);
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
  EXPECT_EQ(crc32c(""), 0u);
}

TEST(crc32c, hardware_and_table_agree_on_every_length_and_alignment) {
  std::string data(300, '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>(i * 7 + 3);
  for (size_t start = 0; start < 9; ++start)
    for (size_t size = 0; start + size <= data.size(); size += 13)
      ASSERT_EQ(crc32c_extend(0, data.data() + start, size),
                crc32c_extend_portable(0, data.data() + start, size))
        << "start " << start << " size " << size;
}

TEST(crc32c, extending_in_pieces_equals_one_pass) {
  std::string text = "the quick brown fox jumps over the lazy dog";
  uint32_t pieces = crc32c_extend(crc32c_extend(0, text.data(), 10), text.data() + 10,
                                  text.size() - 10);
  EXPECT_EQ(pieces, crc32c(text));
}

TEST(crc32c, combining_two_pieces_equals_one_pass) {
  std::string data(5000, '\0');
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<char>(i * 31 + 11);
  for (size_t split : {size_t{0}, size_t{1}, size_t{7}, size_t{61}, size_t{4096}, size_t{5000}})
    for (size_t end : {split, split + 1, size_t{5000}}) {
      if (end > data.size())
        continue;
      std::string_view a{data.data(), split}, b{data.data() + split, end - split};
      auto whole = crc32c({data.data(), end});
      EXPECT_EQ(crc32c_combine(crc32c(a), crc32c(b), b.size()), whole)
        << "split " << split << " end " << end;
    }
}

TEST(crc32c, combining_reaches_sizes_past_four_gibibytes) {
  // A CRC of no bytes (0) combines to the other CRC unchanged; a shift by
  // 2^33 bytes (past 32 bits of size) is two shifts by 2^32.
  EXPECT_EQ(crc32c_combine(0, crc32c("x"), 1), crc32c("x"));
  EXPECT_EQ(crc32c_combine(crc32c("abc"), 0, 0), crc32c("abc"));
  auto a = crc32c("abc");
  auto shifted_twice = crc32c_combine(crc32c_combine(a, 0, size_t{1} << 32), 0, size_t{1} << 32);
  EXPECT_EQ(crc32c_combine(a, 0, size_t{1} << 33), shifted_twice);
}

} // namespace
} // namespace strom
