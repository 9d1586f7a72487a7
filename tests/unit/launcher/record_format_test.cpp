// kcat's -f format as `strom consume` prints records, and its -J envelope.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "launcher/record_format.hpp"

namespace strom {
namespace {

stored_record sample() {
  stored_record r;
  r.offset = record_offset{42};
  r.timestamp_ms = 1'700'000'000'123;
  r.key = "user-7";
  r.value = "clicked";
  r.headers = {{"trace", std::string{"abc"}}, {"retry", std::string{"2"}}};
  return r;
}

std::string render(const std::string& format, const stored_record& r) {
  auto f = record_format::parse(format);
  EXPECT_TRUE(f) << format << ": " << f.error().message;
  return f ? f->render("orders", partition_id{3}, r) : std::string{};
}

TEST(record_format, every_kcat_field_prints_as_kcat_prints_it) {
  EXPECT_EQ(render("%t %p %o %k %K %s %S %T %h", sample()),
            "orders 3 42 user-7 6 clicked 7 1700000000123 trace=abc,retry=2");
}

TEST(record_format, escapes_and_percent_are_literal_text) {
  EXPECT_EQ(render("%k\\t%s\\n", sample()), "user-7\tclicked\n");
  EXPECT_EQ(render("100%% %s\\\\", sample()), "100% clicked\\");
  EXPECT_EQ(render(default_record_format, sample()), "clicked\n");
}

TEST(record_format, a_null_key_or_value_prints_empty_with_length_minus_one) {
  auto r = sample();
  r.key.reset();
  r.value.reset();
  EXPECT_EQ(render("[%k|%K|%s|%S]", r), "[|-1||-1]");
}

TEST(record_format, unknown_fields_and_escapes_are_refused) {
  for (auto text : {"%x", "%", "abc\\", "\\q", "%s %"}) {
    auto f = record_format::parse(text);
    ASSERT_FALSE(f) << "'" << text << "'";
    EXPECT_EQ(f.error().code, errc::bad_request) << "'" << text << "'";
  }
}

TEST(record_format, the_json_envelope_carries_every_field_and_nulls) {
  auto r = sample();
  auto j = nlohmann::json::parse(record_json("orders", partition_id{3}, r));
  EXPECT_EQ(j["topic"], "orders");
  EXPECT_EQ(j["partition"], 3);
  EXPECT_EQ(j["offset"], 42);
  EXPECT_EQ(j["ts"], 1'700'000'000'123);
  EXPECT_EQ(j["key"], "user-7");
  EXPECT_EQ(j["payload"], "clicked");
  EXPECT_EQ(j["headers"]["trace"], "abc");
  r.key.reset();
  r.value.reset();
  auto nulls = nlohmann::json::parse(record_json("orders", partition_id{3}, r));
  EXPECT_TRUE(nulls["key"].is_null());
  EXPECT_TRUE(nulls["payload"].is_null());
}

TEST(record_format, binary_values_still_give_valid_json) {
  auto r = sample();
  r.value = std::string{"\xff\xfe ok", 5};
  EXPECT_NO_THROW(nlohmann::json::parse(record_json("orders", partition_id{0}, r)));
}

} // namespace
} // namespace strom
