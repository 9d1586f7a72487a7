// ApiVersions at each version: the ranges of api_table, throttle time from
// v1, compact arrays and tagged fields from v3; a version above the range is
// answered in the v0 layout with UNSUPPORTED_VERSION (KIP-511).

#include <gtest/gtest.h>

#include "net/kafka/api_versions.hpp"
#include "net/kafka/kafka_errors.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

request_header versions_header(int16_t version) {
  return {static_cast<int16_t>(api_key::api_versions), version, 1, std::nullopt,
          api_of(static_cast<int16_t>(api_key::api_versions))};
}

// Reads a response body and checks every range against api_table.
void expect_ranges(wire_reader& r) {
  auto count = r.array_length();
  ASSERT_EQ(count, static_cast<int32_t>(supported_apis().size()));
  for (const auto& api : supported_apis()) {
    EXPECT_EQ(r.int16(), static_cast<int16_t>(api.key));
    EXPECT_EQ(r.int16(), api.min_version);
    EXPECT_EQ(r.int16(), api.max_version);
    r.tagged_fields();
  }
}

TEST(kafka_api_versions, v0_is_the_error_and_the_ranges) {
  auto body = answer_api_versions(versions_header(0), "");
  ASSERT_TRUE(body);
  wire_reader r{*body, false};
  EXPECT_EQ(r.int16(), 0);
  expect_ranges(r);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_api_versions, v3_is_compact_with_throttle_time_and_tags) {
  wire_writer request{true};
  request.string("librdkafka");
  request.string("2.0.2");
  request.tagged_fields();
  auto body = answer_api_versions(versions_header(3), request.take());
  ASSERT_TRUE(body);
  wire_reader r{*body, true};
  EXPECT_EQ(r.int16(), 0);
  expect_ranges(r);
  EXPECT_EQ(r.int32(), 0); // throttle_time_ms
  r.tagged_fields();
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_api_versions, a_version_above_the_range_is_answered_in_the_v0_layout) {
  auto body = answer_api_versions(versions_header(7), "anything");
  ASSERT_TRUE(body);
  wire_reader r{*body, false};
  EXPECT_EQ(r.int16(), wire(error_code::unsupported_version));
  expect_ranges(r);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_api_versions, a_v3_body_cut_short_is_an_error) {
  EXPECT_FALSE(answer_api_versions(versions_header(3), std::string("\x05" "ab", 3)));
}

} // namespace
} // namespace strom::kafka
