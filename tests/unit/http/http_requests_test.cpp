// Request bodies and query parameters: good ones parse, and a bad one is
// refused naming the field, so that the client knows what to fix.

#include <gtest/gtest.h>

#include "net/http/http_requests.hpp"
#include "net/http/ws_request.hpp"

namespace strom {
namespace {

using nlohmann::json;

std::string field_of(const std::optional<request_error>& err) {
  return err ? err->field : "(no error)";
}

std::optional<request_error> produce(const std::string& body,
                                     std::vector<door_record>& out, size_t max = 100) {
  json in;
  if (auto err = parse_body(body, in))
    return err;
  return parse_produce(in, max, out);
}

TEST(http_requests, a_body_that_is_not_json_is_refused) {
  json in;
  auto err = parse_body("{\"name\": ", in);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->field, "body");
  EXPECT_NE(err->reason.find("is not JSON"), std::string::npos) << err->reason;
  EXPECT_FALSE(parse_body("  ", in));
  EXPECT_TRUE(in.is_object());
}

// Found by tests/fuzz/http_request: nlohmann throws out_of_range, not
// parse_error, for a number beyond a double's range.
TEST(http_requests, a_body_with_a_number_beyond_a_double_is_refused) {
  json in;
  auto err = parse_body("{\"partitions\": 1E400}", in);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->field, "body");
}

TEST(http_requests, a_topic_spec_takes_its_fields_and_the_cluster_defaults) {
  topic_spec spec;
  ASSERT_FALSE(parse_topic_spec(json{{"name", "t"}, {"partitions", 6}, {"retention_ms", -1}},
                                spec));
  EXPECT_EQ(spec.name, "t");
  EXPECT_EQ(spec.partitions, 6);
  EXPECT_EQ(spec.replication_factor, 0);
  EXPECT_EQ(spec.retention_ms, -1);
  EXPECT_EQ(spec.retention_bytes, config_unset);
}

TEST(http_requests, a_bad_topic_spec_names_its_field) {
  topic_spec spec;
  EXPECT_EQ(field_of(parse_topic_spec(json::array(), spec)), "body");
  EXPECT_EQ(field_of(parse_topic_spec(json{{"partitions", 1}}, spec)), "name");
  EXPECT_EQ(field_of(parse_topic_spec(json{{"name", ""}}, spec)), "name");
  EXPECT_EQ(field_of(parse_topic_spec(json{{"name", "t"}, {"partitions", "3"}}, spec)),
            "partitions");
  EXPECT_EQ(field_of(parse_topic_spec(json{{"name", "t"}, {"partitions", -1}}, spec)),
            "partitions");
  EXPECT_EQ(field_of(parse_topic_spec(json{{"name", "t"}, {"replication_factor", 1.5}}, spec)),
            "replication_factor");
  EXPECT_EQ(field_of(parse_topic_spec(json{{"name", "t"}, {"retention_bytes", -2}}, spec)),
            "retention_bytes");
}

TEST(http_requests, records_take_keys_values_headers_and_partitions) {
  std::vector<door_record> records;
  ASSERT_FALSE(produce(R"({"records": [
      {"key": "k", "value": "v", "headers": [{"key": "h", "value": "x"}, {"key": "n"}]},
      {"value": null, "partition": 2, "timestamp_ms": 5}]})",
                       records));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].value.key, "k");
  EXPECT_EQ(records[0].value.value, "v");
  ASSERT_EQ(records[0].value.headers.size(), 2u);
  EXPECT_EQ(records[0].value.headers[0].value, "x");
  EXPECT_FALSE(records[0].value.headers[1].value);
  EXPECT_FALSE(records[0].partition);
  EXPECT_FALSE(records[1].value.key);
  EXPECT_FALSE(records[1].value.value); // a tombstone
  EXPECT_EQ(records[1].partition, 2);
  EXPECT_EQ(records[1].value.timestamp_ms, 5);
}

TEST(http_requests, base64_records_are_decoded) {
  std::vector<door_record> records;
  ASSERT_FALSE(produce(R"({"encoding": "base64", "records": [{"key": "AP8=", "value": "aGk="}]})",
                       records));
  EXPECT_EQ(records[0].value.key, std::string("\0\xFF", 2));
  EXPECT_EQ(records[0].value.value, "hi");
}

TEST(http_requests, a_bad_record_is_named_by_its_index_and_field) {
  std::vector<door_record> r;
  EXPECT_EQ(field_of(produce(R"({"records": [{"value": "a"}, {"value": "b"}, {"value": 3}]})", r)),
            "records[2].value");
  EXPECT_EQ(produce(R"({"records": [{}, {}, {"value": 3}]})", r)->message(),
            "records[2].value: must be a string or null");
  EXPECT_EQ(field_of(produce(R"({"records": [{"key": []}]})", r)), "records[0].key");
  EXPECT_EQ(field_of(produce(R"({"records": [{"partition": -1}]})", r)), "records[0].partition");
  EXPECT_EQ(field_of(produce(R"({"records": [{"partition": "1"}]})", r)), "records[0].partition");
  EXPECT_EQ(field_of(produce(R"({"records": [{"headers": {}}]})", r)), "records[0].headers");
  EXPECT_EQ(field_of(produce(R"({"records": [{"headers": [{"value": "x"}]}]})", r)),
            "records[0].headers[0].key");
  EXPECT_EQ(field_of(produce(R"({"records": [{"timestamp_ms": -5}]})", r)),
            "records[0].timestamp_ms");
  EXPECT_EQ(field_of(produce(R"({"records": ["v"]})", r)), "records[0]");
  EXPECT_EQ(field_of(produce(R"({"encoding": "base64", "records": [{"value": "!!"}]})", r)),
            "records[0].value");
  EXPECT_EQ(field_of(produce(R"({"encoding": "hex", "records": [{}]})", r)), "encoding");
}

TEST(http_requests, the_record_list_is_required_and_bounded) {
  std::vector<door_record> r;
  EXPECT_EQ(field_of(produce(R"({})", r)), "records");
  EXPECT_EQ(field_of(produce(R"({"records": []})", r)), "records");
  EXPECT_EQ(field_of(produce(R"({"records": {}})", r)), "records");
  EXPECT_EQ(field_of(produce(R"({"records": [{}, {}, {}]})", r, 2)), "records");
}

TEST(http_requests, a_consumer_request_and_a_subscription) {
  consumer_request c;
  ASSERT_FALSE(parse_consumer_request(
    json{{"topics", {"a", "b"}}, {"auto_offset_reset", "latest"}, {"auto_commit", true}}, c));
  EXPECT_EQ(c.topics, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.auto_offset_reset, reset_policy::latest);
  EXPECT_TRUE(c.auto_commit);
  consumer_request bad;
  EXPECT_EQ(field_of(parse_consumer_request(json{{"topics", {"a", 1}}}, bad)), "topics[1]");
  EXPECT_EQ(field_of(parse_consumer_request(json{{"auto_offset_reset", "never"}}, bad)),
            "auto_offset_reset");
  EXPECT_EQ(field_of(parse_consumer_request(json{{"auto_commit", "yes"}}, bad)), "auto_commit");
  std::vector<std::string> topics;
  EXPECT_EQ(field_of(parse_topic_list(json::object(), topics)), "topics");
  EXPECT_FALSE(parse_topic_list(json{{"topics", {"t"}}}, topics));
}

TEST(http_requests, query_parameters_are_checked) {
  query_map q{{"max", "10"}, {"wait_ms", "-1"}, {"offset", "x"}, {"encoding", "hex"}};
  int64_t max = 0;
  EXPECT_FALSE(query_integer(q, "max", 1, 100, max));
  EXPECT_EQ(max, 10);
  int64_t wait = 7;
  EXPECT_EQ(field_of(query_integer(q, "wait_ms", 0, 100, wait)), "wait_ms");
  EXPECT_EQ(wait, 7);
  EXPECT_FALSE(query_integer(q, "absent", 0, 1, wait));
  int64_t offset = 0;
  EXPECT_EQ(field_of(query_offset(q, offset)), "offset");
  EXPECT_FALSE(query_offset({{"offset", "latest"}}, offset));
  EXPECT_EQ(offset, door_latest_offset);
  EXPECT_FALSE(query_offset({{"offset", "42"}}, offset));
  EXPECT_EQ(offset, 42);
  auto encoding = record_encoding::utf8;
  EXPECT_EQ(field_of(query_encoding(q, encoding)), "encoding");
  int32_t partition = 0;
  EXPECT_EQ(field_of(parse_partition_segment("two", partition)), "partition");
  EXPECT_FALSE(parse_partition_segment("2", partition));
  EXPECT_EQ(partition, 2);
}

TEST(http_requests, a_websocket_names_a_group_or_a_partition) {
  ws_request grouped;
  ASSERT_FALSE(parse_ws_request(find_route("GET", "/v1/topics/t/ws?group=g"), grouped));
  EXPECT_EQ(grouped.group, "g");
  ws_request single;
  ASSERT_FALSE(
    parse_ws_request(find_route("GET", "/v1/topics/t/ws?partition=1&offset=5"), single));
  EXPECT_EQ(single.partition, 1);
  EXPECT_EQ(single.offset, 5);
  ws_request bad;
  EXPECT_EQ(field_of(parse_ws_request(find_route("GET", "/v1/topics/t/ws"), bad)), "partition");
  EXPECT_EQ(field_of(parse_ws_request(find_route("GET", "/v1/topics/t/ws?group=g&partition=1"),
                                      bad)),
            "partition");
  EXPECT_EQ(field_of(parse_ws_request(find_route("GET", "/v1/topics/t/ws?group="), bad)), "group");
}

} // namespace
} // namespace strom
