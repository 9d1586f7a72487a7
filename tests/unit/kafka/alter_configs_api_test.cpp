// AlterConfigs and IncrementalAlterConfigs: requests read back into config
// changes (AlterConfigs resets what it leaves out; an operation or a null
// value that cannot be applied marks the resource), and the answer's layout.

#include <gtest/gtest.h>

#include "net/kafka/alter_configs_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

struct config_item {
  std::string name;
  int8_t op = 0; // incremental only
  std::optional<std::string> value;
};

std::string request_body(bool flexible, bool incremental, const std::vector<config_item>& items,
                         bool validate_only = false) {
  wire_writer w{flexible};
  w.array_length(1);
  w.int8(2); // topic
  w.string("orders");
  w.array_length(static_cast<int64_t>(items.size()));
  for (const auto& item : items) {
    w.string(item.name);
    if (incremental)
      w.int8(item.op);
    w.nullable_string(item.value);
    w.tagged_fields();
  }
  w.tagged_fields();
  w.boolean(validate_only);
  w.tagged_fields();
  return w.take();
}

TEST(kafka_alter_configs, incremental_requests_read_every_operation) {
  for (int16_t version : {0, 1}) {
    auto body = request_body(version >= 1, true,
                             {{"retention.ms", 0, "1000"},
                              {"max.message.bytes", 1, std::nullopt},
                              {"cleanup.policy", 2, "compact"},
                              {"cleanup.policy", 3, "delete"}},
                             true);
    auto r = read_incremental_alter_configs(version, body);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->validate_only);
    ASSERT_EQ(r->resources.size(), 1u);
    const auto& res = r->resources[0];
    EXPECT_EQ(res.type, 2);
    EXPECT_EQ(res.name, "orders");
    EXPECT_FALSE(res.unreadable);
    ASSERT_EQ(res.changes.size(), 4u);
    EXPECT_EQ(res.changes[0].op, config_op::set);
    EXPECT_EQ(res.changes[0].value, "1000");
    EXPECT_EQ(res.changes[1].op, config_op::remove);
    EXPECT_EQ(res.changes[2].op, config_op::append);
    EXPECT_EQ(res.changes[3].op, config_op::subtract);
  }
}

TEST(kafka_alter_configs, an_unknown_operation_or_a_null_set_marks_the_resource) {
  auto bad_op = read_incremental_alter_configs(0, request_body(false, true, {{"a", 9, "1"}}));
  ASSERT_TRUE(bad_op);
  EXPECT_TRUE(bad_op->resources[0].unreadable);
  auto null_set =
    read_incremental_alter_configs(0, request_body(false, true, {{"a", 0, std::nullopt}}));
  ASSERT_TRUE(null_set);
  EXPECT_TRUE(null_set->resources[0].unreadable);
}

TEST(kafka_alter_configs, alter_configs_resets_every_key_it_leaves_out) {
  for (int16_t version : {0, 2}) {
    auto r = read_alter_configs(version,
                                request_body(version >= 2, false, {{"retention.ms", 0, "5"}}));
    ASSERT_TRUE(r) << r.error().message;
    const auto& changes = r->resources.at(0).changes;
    ASSERT_EQ(changes.size(), topic_config_keys().size());
    EXPECT_EQ(changes[0].key, "retention.ms");
    EXPECT_EQ(changes[0].op, config_op::set);
    for (size_t i = 1; i < changes.size(); ++i) {
      EXPECT_EQ(changes[i].op, config_op::remove) << changes[i].key;
      EXPECT_NE(changes[i].key, "retention.ms");
    }
  }
}

TEST(kafka_alter_configs, a_cut_request_is_bad_request) {
  auto body = request_body(true, true, {{"retention.ms", 0, "1000"}});
  EXPECT_FALSE(read_incremental_alter_configs(1, body.substr(0, body.size() - 4)));
  EXPECT_FALSE(read_alter_configs(0, std::string{"\x00\x00\x00\x01", 4}));
}

TEST(kafka_alter_configs, the_answer_names_each_resource_with_its_error) {
  for (bool flexible : {false, true}) {
    auto body = write_alter_configs(
      flexible, {{error_code::none, std::nullopt, 2, "orders"},
                 {error_code::invalid_config, std::string{"retention.ms=-5"}, 2, "audit"}});
    wire_reader r{body, flexible};
    EXPECT_EQ(r.int32(), 0);
    ASSERT_EQ(r.array_length(), 2);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.nullable_string(), std::nullopt);
    EXPECT_EQ(r.int8(), 2);
    EXPECT_EQ(r.string(), "orders");
    r.tagged_fields();
    EXPECT_EQ(r.int16(), 40);
    EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"retention.ms=-5"});
    EXPECT_EQ(r.int8(), 2);
    EXPECT_EQ(r.string(), "audit");
    r.tagged_fields();
    r.tagged_fields();
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u);
  }
}

} // namespace
} // namespace strom::kafka
