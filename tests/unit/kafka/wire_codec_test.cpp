// wire_reader and wire_writer: what one writes the other reads, in both
// encodings, byte for byte as Kafka lays it out; and malformed input fails
// the reader instead of reading past the end.

#include <gtest/gtest.h>

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

TEST(kafka_wire, integers_are_big_endian) {
  wire_writer w{false};
  w.int16(0x0102);
  w.int32(-2);
  w.int64(0x0102030405060708);
  EXPECT_EQ(w.bytes_so_far(), std::string("\x01\x02\xff\xff\xff\xfe\x01\x02\x03\x04\x05\x06\x07\x08", 14));
  wire_reader r{w.bytes_so_far(), false};
  EXPECT_EQ(r.int16(), 0x0102);
  EXPECT_EQ(r.int32(), -2);
  EXPECT_EQ(r.int64(), 0x0102030405060708);
  EXPECT_FALSE(r.failed());
}

TEST(kafka_wire, varints_zigzag_as_records_do) {
  wire_writer w{false};
  w.varint(0);
  w.varint(-1);
  w.varint(1);
  w.varint(-64);
  w.varint(300);
  w.varlong(INT64_MIN);
  w.varint(INT32_MAX);
  // 0 -> 00, -1 -> 01, 1 -> 02, -64 -> 7f, 300 -> 600 = d8 04
  EXPECT_EQ(w.bytes_so_far().substr(0, 6), std::string("\x00\x01\x02\x7f\xd8\x04", 6));
  wire_reader r{w.bytes_so_far(), false};
  EXPECT_EQ(r.varint(), 0);
  EXPECT_EQ(r.varint(), -1);
  EXPECT_EQ(r.varint(), 1);
  EXPECT_EQ(r.varint(), -64);
  EXPECT_EQ(r.varint(), 300);
  EXPECT_EQ(r.varlong(), INT64_MIN);
  EXPECT_EQ(r.varint(), INT32_MAX);
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_wire, classic_strings_bytes_and_arrays_with_their_nulls) {
  wire_writer w{false};
  w.string("ab");
  w.nullable_string(std::nullopt);
  w.nullable_bytes(std::string{"xyz"});
  w.nullable_bytes(std::nullopt);
  w.array_length(-1);
  EXPECT_EQ(w.bytes_so_far(),
            std::string("\x00\x02" "ab" "\xff\xff" "\x00\x00\x00\x03" "xyz" "\xff\xff\xff\xff"
                        "\xff\xff\xff\xff", 21));
  wire_reader r{w.bytes_so_far(), false};
  EXPECT_EQ(r.string(), "ab");
  EXPECT_EQ(r.nullable_string(), std::nullopt);
  EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>{"xyz"});
  EXPECT_EQ(r.nullable_bytes(), std::nullopt);
  EXPECT_EQ(r.array_length(), -1);
  EXPECT_FALSE(r.failed());
}

TEST(kafka_wire, compact_lengths_are_one_more_and_zero_is_null) {
  wire_writer w{true};
  w.string("ab");
  w.nullable_string(std::nullopt);
  w.array_length(2);
  w.int8(1);
  w.int8(2);
  w.tagged_fields();
  EXPECT_EQ(w.bytes_so_far(), std::string("\x03" "ab" "\x00" "\x03\x01\x02" "\x00", 8));
  wire_reader r{w.bytes_so_far(), true};
  EXPECT_EQ(r.string(), "ab");
  EXPECT_EQ(r.nullable_string(), std::nullopt);
  EXPECT_EQ(r.array_length(), 2);
  EXPECT_EQ(r.int8(), 1);
  EXPECT_EQ(r.int8(), 2);
  r.tagged_fields();
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_wire, unknown_tagged_fields_are_skipped) {
  // Two fields: tag 0 of 2 bytes, tag 5 of 1 byte; then an int8.
  std::string bytes("\x02" "\x00\x02" "ab" "\x05\x01" "c" "\x2a", 9);
  wire_reader r{bytes, true};
  r.tagged_fields();
  EXPECT_EQ(r.int8(), 42);
  EXPECT_FALSE(r.failed());
}

TEST(kafka_wire, reading_past_the_end_fails_and_reads_nothing) {
  std::string bytes("\x00\x05" "ab", 4); // the reader views, never owns
  wire_reader r{bytes, false};
  EXPECT_EQ(r.string(), "");
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(r.int32(), 0);
  EXPECT_NE(r.failure().find("ends early"), std::string::npos) << r.failure();
}

TEST(kafka_wire, lengths_that_cannot_be_fail_the_reader) {
  std::string minus_two("\xff\xfe", 2);
  wire_reader negative{minus_two, false};
  negative.nullable_string();
  EXPECT_TRUE(negative.failed());
  std::string two_billion("\x7f\xff\xff\xff" "\x00", 5);
  wire_reader huge_array{two_billion, false};
  EXPECT_EQ(huge_array.array_length(), 0);
  EXPECT_TRUE(huge_array.failed());
  std::string continued(6, '\xff');
  wire_reader endless_varint{continued, false};
  endless_varint.uvarint();
  EXPECT_TRUE(endless_varint.failed());
}

} // namespace
} // namespace strom::kafka
