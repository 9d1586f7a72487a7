// Kafka's topic name rules: [a-zA-Z0-9._-], at most 249, not "." or "..".

#include <gtest/gtest.h>

#include "actors/controller/topic_name.hpp"

namespace strom {
namespace {

TEST(topic_name, kafka_legal_names_pass) {
  for (std::string name : {"orders", "a.b_c-D9", "__consumer_offsets", "...", "-", "_"})
    EXPECT_TRUE(validate_topic_name(name)) << name;
  EXPECT_TRUE(validate_topic_name(std::string(249, 'x'))) << "249 characters is the limit";
}

TEST(topic_name, illegal_names_are_bad_request) {
  const std::vector<std::string> names = {"", ".", "..", "a b", "a/b", "t\xC3\xBC", "a:b",
                                         "a\nb", std::string(250, 'x'), std::string("a\0b", 3)};
  for (const auto& name : names) {
    auto checked = validate_topic_name(name);
    ASSERT_FALSE(checked) << "\"" << name << "\" must be refused";
    EXPECT_EQ(checked.error().code, errc::bad_request);
  }
}

TEST(topic_name, dot_and_underscore_collide) {
  EXPECT_EQ(topic_name_collision_key("a.b"), topic_name_collision_key("a_b"));
  EXPECT_NE(topic_name_collision_key("a.b"), topic_name_collision_key("a-b"));
}

} // namespace
} // namespace strom
