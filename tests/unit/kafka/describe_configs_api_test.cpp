// DescribeConfigs: a request of two resources read back, and the answer's
// entries in the v0 (is_default), v1 (config source, synonyms), v3 (type,
// documentation) and flexible v4 layouts.

#include <gtest/gtest.h>

#include "net/kafka/describe_configs_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

TEST(kafka_describe_configs, requests_name_resources_and_maybe_keys) {
  wire_writer w{false};
  w.array_length(2);
  w.int8(resource_topic);
  w.string("orders");
  w.array_length(1);
  w.string("retention.ms");
  w.int8(resource_broker);
  w.string("1");
  w.array_length(-1);
  w.boolean(false);
  auto body = w.take();
  auto r = read_describe_configs(1, body);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].keys, (std::vector<std::string>{"retention.ms"}));
  EXPECT_FALSE((*r)[1].keys);
}

TEST(kafka_describe_configs, flexible_v4_requests_read_back) {
  for (int16_t version : {3, 4}) {
    bool flexible = version >= 4;
    wire_writer w{flexible};
    w.array_length(1);
    w.int8(resource_topic);
    w.string("orders");
    w.array_length(-1);
    w.tagged_fields();
    w.boolean(false); // include_synonyms
    w.boolean(true);  // include_documentation
    w.tagged_fields();
    auto body = w.take();
    auto r = read_describe_configs(version, body);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].name, "orders");
    EXPECT_FALSE((*r)[0].keys);
    EXPECT_FALSE(read_describe_configs(version, body.substr(0, body.size() - 2)));
  }
}

TEST(kafka_describe_configs, answers_at_v0_v1_v3_and_v4) {
  std::vector<config_answer> results{
    {error_code::none, std::nullopt, resource_topic, "orders",
     {{"retention.ms", std::string{"60000"}, false, source_topic, type_long},
      {"cleanup.policy", std::string{"delete"}, true, source_default, type_list}}}};
  for (int16_t version : {0, 1, 3, 4}) {
    bool flexible = version >= 4;
    auto body = write_describe_configs(version, results);
    wire_reader r{body, flexible};
    EXPECT_EQ(r.int32(), 0);
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.nullable_string(), std::nullopt);
    EXPECT_EQ(r.int8(), resource_topic);
    EXPECT_EQ(r.string(), "orders");
    ASSERT_EQ(r.array_length(), 2);
    for (int i = 0; i < 2; ++i) {
      r.string();
      r.nullable_string();
      EXPECT_EQ(r.boolean(), i == 1);
      if (version == 0) {
        EXPECT_EQ(r.boolean(), i == 1); // is_default
      } else {
        EXPECT_EQ(r.int8(), i == 0 ? source_topic : source_default);
      }
      EXPECT_FALSE(r.boolean());
      if (version >= 1) {
        EXPECT_EQ(r.array_length(), 0);
      }
      if (version >= 3) {
        EXPECT_EQ(r.int8(), i == 0 ? type_long : type_list);
        EXPECT_EQ(r.nullable_string(), std::nullopt); // documentation
      }
      if (flexible) {
        EXPECT_EQ(r.uvarint(), 0u);
      }
    }
    if (flexible) {
      EXPECT_EQ(r.uvarint(), 0u); // the result's
      EXPECT_EQ(r.uvarint(), 0u); // the response's
    }
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

} // namespace
} // namespace strom::kafka
