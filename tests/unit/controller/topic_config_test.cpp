// Topic configs by Kafka's names: every key reads and prints its values,
// refuses what is not one of them naming the key, and alter's operations
// (set, remove to the default, append to and subtract from a list) do what
// IncrementalAlterConfigs says.

#include <gtest/gtest.h>

#include "messages/topic_config.hpp"

namespace strom {
namespace {

void expect_invalid(topic_config& config, std::string_view key, std::string_view value) {
  auto before = config;
  auto set = set_config(config, key, value);
  ASSERT_FALSE(set) << key << "=" << value << " was taken";
  EXPECT_EQ(set.error().code, errc::invalid_config);
  EXPECT_NE(set.error().message.find(std::string{key}), std::string::npos)
    << "the refusal names the key: " << set.error().message;
  EXPECT_EQ(config, before) << "a refused value changed the config";
}

TEST(topic_config, every_key_prints_what_it_reads) {
  topic_config config;
  const std::vector<config_text> values = {
    {"cleanup.policy", "delete"},          {"delete.retention.ms", "1000"},
    {"max.message.bytes", "4096"},         {"message.timestamp.type", "LogAppendTime"},
    {"min.insync.replicas", "2"},          {"retention.bytes", "-1"},
    {"retention.ms", "60000"}};
  for (const auto& [key, value] : values)
    ASSERT_TRUE(set_config(config, key, value)) << key;
  EXPECT_EQ(config_texts(config), values);
  EXPECT_EQ(config.timestamps, timestamp_type::log_append_time);
  EXPECT_EQ(config.min_insync_replicas, 2);
  EXPECT_EQ(topic_config_keys().size(), values.size());
}

TEST(topic_config, values_outside_a_keys_range_are_refused_naming_the_key) {
  topic_config config;
  expect_invalid(config, "retention.ms", "-2");
  expect_invalid(config, "retention.ms", "soon");
  expect_invalid(config, "retention.bytes", "12 MB");
  expect_invalid(config, "max.message.bytes", "0");
  expect_invalid(config, "max.message.bytes", "67108865");
  expect_invalid(config, "min.insync.replicas", "0");
  expect_invalid(config, "message.timestamp.type", "logappendtime");
  expect_invalid(config, "cleanup.policy", "");
  expect_invalid(config, "cleanup.policy", "compact,shred");
  expect_invalid(config, "segment.bytes", "1048576");
  auto unknown = set_config(config, "retention.milliseconds", "1");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("known: cleanup.policy"), std::string::npos)
    << "an unknown key lists the known ones: " << unknown.error().message;
}

TEST(topic_config, remove_resets_a_key_to_the_default_it_is_given) {
  topic_config defaults;
  defaults.retention_ms = 3'600'000;
  topic_config config;
  ASSERT_TRUE(set_config(config, "retention.ms", "1000"));
  ASSERT_TRUE(apply_config_change(config, {"retention.ms", config_op::remove, ""}, defaults));
  EXPECT_EQ(config.retention_ms, 3'600'000);
}

TEST(topic_config, a_list_key_takes_appends_and_subtractions) {
  topic_config config;
  ASSERT_TRUE(apply_config_change(config, {"cleanup.policy", config_op::append, "compact"}, {}));
  EXPECT_EQ(config.cleanup, cleanup_policy::compaction_and_deletion);
  EXPECT_EQ(*config_text_of(config, "cleanup.policy"), "compact,delete");
  ASSERT_TRUE(apply_config_change(config, {"cleanup.policy", config_op::subtract, "delete"}, {}));
  EXPECT_EQ(config.cleanup, cleanup_policy::compaction);
  auto emptied = apply_config_change(config, {"cleanup.policy", config_op::subtract, "compact"},
                                     {});
  EXPECT_FALSE(emptied) << "cleanup.policy may not become empty";
  auto on_number = apply_config_change(config, {"retention.ms", config_op::append, "1"}, {});
  ASSERT_FALSE(on_number);
  EXPECT_EQ(on_number.error().code, errc::invalid_config);
}

TEST(topic_config, a_whole_config_is_checked_against_the_topic) {
  topic_config config;
  config.min_insync_replicas = 3;
  EXPECT_TRUE(validate_topic_config(config, 3));
  auto above = validate_topic_config(config, 2);
  ASSERT_FALSE(above);
  EXPECT_NE(above.error().message.find("min.insync.replicas"), std::string::npos);
  config.min_insync_replicas = 1;
  config.cleanup = cleanup_policy::compaction;
  EXPECT_TRUE(validate_topic_config(config, 3));
  config.cleanup = cleanup_policy::deletion;
  config.batch_bytes_max = 0;
  EXPECT_FALSE(validate_topic_config(config, 3)) << "numbers are checked as the texts are";
}

TEST(topic_config, an_assignment_splits_at_the_first_equals_sign) {
  auto change = parse_config_assignment("cleanup.policy=delete");
  ASSERT_TRUE(change);
  EXPECT_EQ(change->key, "cleanup.policy");
  EXPECT_EQ(change->value, "delete");
  EXPECT_EQ(parse_config_assignment("a=b=c")->value, "b=c");
  EXPECT_FALSE(parse_config_assignment("retention.ms"));
  EXPECT_FALSE(parse_config_assignment("=1"));
}

} // namespace
} // namespace strom
