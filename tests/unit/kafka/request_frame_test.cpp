// Framing: frames come out whole however the bytes arrive, a size that
// cannot be is an error before anything is buffered, and a request header is
// read as v1 or, for flexible versions, v2.

#include <gtest/gtest.h>

#include "net/kafka/request_frame.hpp"
#include "net/kafka/response_frame.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

std::string framed(const std::string& payload) {
  wire_writer w{false};
  w.int32(static_cast<int32_t>(payload.size()));
  w.raw(payload);
  return w.take();
}

TEST(kafka_frames, come_out_whole_whatever_the_reads_cut) {
  std::string bytes = framed("first") + framed("") + framed("third");
  frame_splitter s{1024};
  std::vector<std::string> frames;
  for (char c : bytes) {
    s.received(std::string(1, c));
    while (true) {
      auto next = s.next();
      ASSERT_TRUE(next);
      if (!*next)
        break;
      frames.push_back(**next);
    }
  }
  EXPECT_EQ(frames, (std::vector<std::string>{"first", "", "third"}));
  EXPECT_EQ(s.buffered_bytes(), 0u);
}

TEST(kafka_frames, a_size_above_the_limit_or_negative_is_an_error_at_once) {
  frame_splitter big{16};
  big.received(framed(std::string(17, 'x')).substr(0, 4));
  EXPECT_FALSE(big.next());
  frame_splitter negative{16};
  negative.received(std::string("\xff\xff\xff\xfb", 4));
  EXPECT_FALSE(negative.next());
}

std::string header(int16_t key, int16_t version, int32_t correlation,
                   std::optional<std::string> client) {
  wire_writer w{false};
  w.int16(key);
  w.int16(version);
  w.int32(correlation);
  w.nullable_string(client);
  return w.take();
}

TEST(kafka_frames, a_v1_header_then_the_body) {
  auto frame = header(3, 1, 77, std::string{"app"}) + "BODY"; // the body views it
  auto parsed = parse_request(frame);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.api_key, 3);
  EXPECT_EQ(parsed->header.api_version, 1);
  EXPECT_EQ(parsed->header.correlation_id, 77);
  EXPECT_EQ(parsed->header.client_id, std::optional<std::string>{"app"});
  ASSERT_TRUE(parsed->header.api);
  EXPECT_EQ(parsed->body, "BODY");
}

TEST(kafka_frames, a_flexible_version_has_tagged_fields_after_a_classic_client_id) {
  // Metadata v9: header v2. One tagged field (tag 1, 2 bytes) to skip.
  auto frame = header(3, 9, 5, std::nullopt) + std::string("\x01\x01\x02xy", 5) + "BODY";
  auto parsed = parse_request(frame);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.client_id, std::nullopt);
  EXPECT_EQ(parsed->body, "BODY");
}

TEST(kafka_frames, an_unknown_key_reads_as_v1_without_an_api) {
  auto frame = header(999, 0, 1, std::string{"x"});
  auto parsed = parse_request(frame);
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->header.api);
}

TEST(kafka_frames, a_header_cut_short_is_an_error) {
  EXPECT_FALSE(parse_request(std::string("\x00\x03\x00", 3)));
  EXPECT_FALSE(parse_request(header(3, 1, 1, std::string{"abc"}).substr(0, 10)));
}

TEST(kafka_frames, responses_carry_the_correlation_id_and_header_tags_when_flexible) {
  request_header classic{3, 1, 0x01020304, std::nullopt, api_of(3)};
  EXPECT_EQ(frame_response(classic, "B"), std::string("\x00\x00\x00\x05\x01\x02\x03\x04" "B", 9));
  request_header flexible{3, 9, 1, std::nullopt, api_of(3)};
  EXPECT_EQ(frame_response(flexible, "B"), std::string("\x00\x00\x00\x06\x00\x00\x00\x01\x00" "B", 10));
  // ApiVersions answers with header v0 at every version.
  request_header versions{18, 3, 1, std::nullopt, api_of(18)};
  EXPECT_EQ(frame_response(versions, "B"), std::string("\x00\x00\x00\x05\x00\x00\x00\x01" "B", 9));
}

} // namespace
} // namespace strom::kafka
