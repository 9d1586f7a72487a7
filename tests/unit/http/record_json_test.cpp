// Records going out: UTF-8 as strings, anything else in base64 and saying
// so; null keys and tombstones as null.

#include <gtest/gtest.h>

#include "net/http/record_json.hpp"

namespace strom {
namespace {

consumer_record consumed(std::optional<std::string> key, std::optional<std::string> value) {
  consumer_record r;
  r.topic = "t";
  r.partition = partition_id{1};
  r.record.offset = record_offset{9};
  r.record.key = std::move(key);
  r.record.value = std::move(value);
  r.record.headers.push_back({"h", std::string{"x"}});
  return r;
}

TEST(record_json, utf8_records_are_strings) {
  auto j = record_json(consumed("k", "v\xC3\xBC"), record_encoding::utf8);
  EXPECT_EQ(j["topic"], "t");
  EXPECT_EQ(j["partition"], 1);
  EXPECT_EQ(j["offset"], 9);
  EXPECT_EQ(j["encoding"], "utf8");
  EXPECT_EQ(j["key"], "k");
  EXPECT_EQ(j["value"], "v\xC3\xBC");
  EXPECT_EQ(j["headers"][0]["value"], "x");
}

TEST(record_json, bytes_that_are_not_utf8_go_out_in_base64) {
  auto j = record_json(consumed("k", std::string("\xFF\x00", 2)), record_encoding::utf8);
  EXPECT_EQ(j["encoding"], "base64");
  EXPECT_EQ(j["key"], "aw==");
  EXPECT_EQ(j["value"], "/wA=");
  EXPECT_EQ(j["headers"][0]["value"], "eA==");
}

TEST(record_json, base64_when_asked_and_null_for_what_is_absent) {
  auto j = record_json(consumed(std::nullopt, std::nullopt), record_encoding::base64);
  EXPECT_EQ(j["encoding"], "base64");
  EXPECT_TRUE(j["key"].is_null());
  EXPECT_TRUE(j["value"].is_null());
}

} // namespace
} // namespace strom
