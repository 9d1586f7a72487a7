// Every codec gives back what it was given, reads what other clients write
// (raw and xerial snappy, concatenated gzip members), and refuses garbage and
// streams that would grow past their bound with bad_request, never a crash.

#include <gtest/gtest.h>

#include <random>

#include "messages/compression.hpp"

namespace strom {
namespace {

const compression_codec every_codec[] = {compression_codec::gzip, compression_codec::snappy,
                                         compression_codec::lz4, compression_codec::zstd};

constexpr size_t one_mib = 1u << 20;

std::string random_bytes(size_t size) {
  std::mt19937_64 random{42};
  std::string out(size, '\0');
  for (auto& c : out)
    c = static_cast<char>(random());
  return out;
}

void expect_round_trip(compression_codec codec, const std::string& plain) {
  auto packed = compress(codec, plain);
  ASSERT_TRUE(packed) << to_string(codec) << ": " << packed.error().describe();
  auto unpacked = decompress(codec, *packed, plain.size());
  ASSERT_TRUE(unpacked) << to_string(codec) << ": " << unpacked.error().describe();
  EXPECT_EQ(unpacked->size(), plain.size()) << to_string(codec);
  EXPECT_TRUE(*unpacked == plain) << to_string(codec) << " changed the bytes";
}

void expect_refused(compression_codec codec, std::string_view bytes, size_t bytes_max,
                    const char* what) {
  auto unpacked = decompress(codec, bytes, bytes_max);
  ASSERT_FALSE(unpacked) << to_string(codec) << " accepted " << what << " (" << unpacked->size()
                         << " bytes)";
  EXPECT_EQ(unpacked.error().code, errc::bad_request) << to_string(codec) << ": " << what;
}

TEST(compression, every_codec_gives_back_empty_input) {
  for (auto codec : every_codec)
    expect_round_trip(codec, "");
}

TEST(compression, every_codec_gives_back_a_mebibyte_of_random_bytes) {
  auto plain = random_bytes(one_mib);
  for (auto codec : every_codec)
    expect_round_trip(codec, plain);
}

TEST(compression, every_codec_gives_back_repetitive_text_smaller) {
  std::string plain;
  for (int i = 0; i < 10'000; ++i)
    plain += "{\"user\": " + std::to_string(i % 100) + ", \"event\": \"click\"}\n";
  for (auto codec : every_codec) {
    expect_round_trip(codec, plain);
    EXPECT_LT(compress(codec, plain)->size(), plain.size() / 4) << to_string(codec);
  }
}

TEST(compression, names_and_attribute_bits_are_kafkas) {
  EXPECT_EQ(compression_codec_of("zstd"), compression_codec::zstd);
  EXPECT_EQ(compression_codec_of("none"), compression_codec::none);
  EXPECT_FALSE(compression_codec_of("brotli"));
  EXPECT_EQ(compression_codec_of_bits(0x10002), compression_codec::snappy);
  EXPECT_EQ(compression_codec_of_bits(0x8 | 0x4), compression_codec::zstd);
  for (uint32_t bits = 5; bits <= 7; ++bits)
    EXPECT_FALSE(compression_codec_of_bits(bits)) << bits;
  EXPECT_FALSE(compress(compression_codec::none, "x"));
}

TEST(compression, snappy_writes_xerial_framing) {
  auto packed = compress(compression_codec::snappy, "hello");
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->substr(0, 16), std::string("\x82SNAPPY\0\0\0\0\1\0\0\0\1", 16));
}

// Raw blocks as the snappy format describes them: the uncompressed length
// as a varint, then a literal (tag (length-1)<<2) and a copy with a one-byte
// offset (tag (length-4)<<2 | 1, then the offset).
const std::string raw_abc_block{"\x0c\x08" "abc" "\x15\x03", 7};

TEST(compression, snappy_reads_a_raw_block) {
  auto unpacked = decompress(compression_codec::snappy, raw_abc_block, 100);
  ASSERT_TRUE(unpacked) << unpacked.error().describe();
  EXPECT_EQ(*unpacked, "abcabcabcabc");
}

TEST(compression, snappy_reads_xerial_blocks_one_after_another) {
  std::string framed{"\x82SNAPPY\0\0\0\0\1\0\0\0\1", 16};
  framed += std::string{"\0\0\0\7", 4} + raw_abc_block;
  framed += std::string{"\0\0\0\7", 4} + std::string{"\x05\x10hello", 7};
  auto unpacked = decompress(compression_codec::snappy, framed, 100);
  ASSERT_TRUE(unpacked) << unpacked.error().describe();
  EXPECT_EQ(*unpacked, "abcabcabcabchello");
}

TEST(compression, gzip_reads_members_one_after_another) {
  auto first = compress(compression_codec::gzip, "one,");
  auto second = compress(compression_codec::gzip, "two");
  auto unpacked = decompress(compression_codec::gzip, *first + *second, 100);
  ASSERT_TRUE(unpacked) << unpacked.error().describe();
  EXPECT_EQ(*unpacked, "one,two");
}

TEST(compression, a_bomb_is_refused_before_it_grows_past_bytes_max) {
  std::string zeros(32 * one_mib, '\0');
  for (auto codec : every_codec) {
    auto packed = compress(codec, zeros);
    ASSERT_TRUE(packed);
    ASSERT_LT(packed->size(), 4 * one_mib) << to_string(codec) << " should compress zeros";
    expect_refused(codec, *packed, one_mib, "a bomb");
    expect_refused(codec, *packed, zeros.size() - 1, "one byte too many");
  }
}

TEST(compression, garbage_and_truncated_streams_are_refused) {
  std::string garbage = "this is not a compressed stream, whatever the codec says";
  std::string plain(10'000, 'a');
  for (auto codec : every_codec) {
    expect_refused(codec, garbage, one_mib, "garbage");
    expect_refused(codec, random_bytes(4096), one_mib, "random bytes");
    auto packed = *compress(codec, plain + random_bytes(1000));
    expect_refused(codec, std::string_view{packed}.substr(0, packed.size() / 2), one_mib,
                   "a stream cut in half");
  }
  for (auto codec : {compression_codec::gzip, compression_codec::lz4, compression_codec::zstd})
    expect_refused(codec, "", one_mib, "nothing");
}

TEST(compression, xerial_blocks_that_lie_about_their_length_are_refused) {
  std::string framed{"\x82SNAPPY\0\0\0\0\1\0\0\0\1", 16};
  expect_refused(compression_codec::snappy, framed + std::string{"\0\0\1\0", 4} + raw_abc_block,
                 100, "a block length beyond the end");
  expect_refused(compression_codec::snappy, framed + std::string{"\0\0", 2}, 100,
                 "a truncated block length");
  expect_refused(compression_codec::snappy, std::string{"\xff\xff\xff\xff\x0f\x08" "abc", 9},
                 100, "a raw block declaring 4 GiB");
}

} // namespace
} // namespace strom
