// ListGroups, DescribeGroups and DeleteGroups: strom's group states under
// Kafka's names, a member's assignment in the consumer protocol, and the
// answers' layouts at their first and last versions, the flexible ones
// (ListGroups v3-v4, DescribeGroups v5, DeleteGroups v2) with their tagged
// fields.

#include <gtest/gtest.h>

#include "net/kafka/group_listing_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

TEST(kafka_group_listing, states_take_kafkas_names) {
  EXPECT_EQ(kafka_group_state("stable"), "Stable");
  EXPECT_EQ(kafka_group_state("preparing_rebalance"), "PreparingRebalance");
  EXPECT_EQ(kafka_group_state("empty"), "Empty");
}

TEST(kafka_group_listing, an_assignment_is_written_in_the_consumer_protocol) {
  auto bytes = consumer_assignment({{"b", partition_id{1}}, {"a", partition_id{0}},
                                    {"b", partition_id{0}}});
  wire_reader r{bytes, false};
  EXPECT_EQ(r.int16(), 0);
  ASSERT_EQ(r.array_length(), 2);
  EXPECT_EQ(r.string(), "a");
  ASSERT_EQ(r.array_length(), 1);
  EXPECT_EQ(r.int32(), 0);
  EXPECT_EQ(r.string(), "b");
  ASSERT_EQ(r.array_length(), 2);
  EXPECT_EQ(r.int32(), 1);
  EXPECT_EQ(r.int32(), 0);
  EXPECT_EQ(r.nullable_bytes(), std::nullopt);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_group_listing, describe_answers_at_v0_and_v4) {
  group_description d;
  d.overview = {"billing", "stable", "range", 1, node_id{1}, ""};
  d.members.push_back(
    {"m-1", "static-1", "client", {"orders"}, {{"orders", partition_id{2}}}, {}, {}});
  std::vector<described_group> groups{{error_code::none, "billing", d},
                                      {error_code::none, "gone", {}}};
  for (int16_t version : {0, 4, 5}) {
    bool flexible = version >= 5;
    auto body = write_describe_groups(version, groups);
    wire_reader r{body, flexible};
    if (version >= 1) {
      r.int32();
    }
    ASSERT_EQ(r.array_length(), 2);
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.string(), "billing");
    EXPECT_EQ(r.string(), "Stable");
    EXPECT_EQ(r.string(), "consumer");
    EXPECT_EQ(r.string(), "range");
    ASSERT_EQ(r.array_length(), 1);
    EXPECT_EQ(r.string(), "m-1");
    if (version >= 4) {
      EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"static-1"});
    }
    EXPECT_EQ(r.string(), "client");
    r.string(); // host
    r.nullable_bytes();
    r.nullable_bytes();
    if (flexible) {
      EXPECT_EQ(r.uvarint(), 0u); // the member's tagged fields
    }
    if (version >= 3) {
      EXPECT_EQ(r.int32(), INT32_MIN);
    }
    if (flexible) {
      EXPECT_EQ(r.uvarint(), 0u); // the group's
    }
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.string(), "gone");
    EXPECT_EQ(r.string(), "Dead") << "an unknown group is Dead, as Kafka answers it";
    r.string();
    r.string();
    EXPECT_EQ(r.array_length(), 0);
    if (version >= 3) {
      r.int32();
    }
    if (flexible) {
      EXPECT_EQ(r.uvarint(), 0u);
      EXPECT_EQ(r.uvarint(), 0u); // the response's
    }
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

// A group of Kafka's own protocol shows its protocol type and its members'
// bytes as they came: strom does not read them.
TEST(kafka_group_listing, a_kafka_group_is_described_with_its_own_type_and_bytes) {
  group_description d;
  d.overview = {"sinks", "stable", "roundrobin", 1, node_id{1}, "connect"};
  d.members.push_back({"w-1", "", "worker", {}, {}, std::string("meta\0", 5), "assigned"});
  auto body = write_describe_groups(0, {{error_code::none, "sinks", d}});
  wire_reader r{body, false};
  ASSERT_EQ(r.array_length(), 1);
  EXPECT_EQ(r.int16(), 0);
  EXPECT_EQ(r.string(), "sinks");
  EXPECT_EQ(r.string(), "Stable");
  EXPECT_EQ(r.string(), "connect");
  EXPECT_EQ(r.string(), "roundrobin");
  ASSERT_EQ(r.array_length(), 1);
  EXPECT_EQ(r.string(), "w-1");
  EXPECT_EQ(r.string(), "worker");
  r.string(); // host
  EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>(std::string("meta\0", 5)));
  EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>("assigned"));
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(kafka_group_listing, list_and_delete_answers) {
  auto listed = write_list_groups(1, error_code::none,
                                  {{"billing", "stable", "range", 1, {}, ""},
                                   {"sinks", "stable", "roundrobin", 2, {}, "connect"}});
  wire_reader l{listed, false};
  EXPECT_EQ(l.int32(), 0);
  EXPECT_EQ(l.int16(), 0);
  ASSERT_EQ(l.array_length(), 2);
  EXPECT_EQ(l.string(), "billing");
  EXPECT_EQ(l.string(), "consumer");
  EXPECT_EQ(l.string(), "sinks");
  EXPECT_EQ(l.string(), "connect");
  EXPECT_EQ(l.remaining(), 0u);
  wire_writer w{false};
  w.array_length(1);
  w.string("billing");
  auto body = w.take();
  auto names = read_delete_groups(1, body);
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"billing"}));
  auto deleted = write_delete_groups(1, {{"billing", error_code::non_empty_group}});
  wire_reader d{deleted, false};
  d.int32();
  ASSERT_EQ(d.array_length(), 1);
  d.string();
  EXPECT_EQ(d.int16(), 68);
}

TEST(kafka_group_listing, describe_groups_v5_reads_a_flexible_request) {
  wire_writer w{true};
  w.array_length(2);
  w.string("billing");
  w.string("sinks");
  w.boolean(true); // include_authorized_operations
  w.tagged_fields();
  auto body = w.take();
  auto r = read_describe_groups(5, body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->groups, (std::vector<std::string>{"billing", "sinks"}));
  EXPECT_FALSE(read_describe_groups(5, body.substr(0, body.size() - 1)));
}

std::vector<group_overview> two_groups() {
  return {{"billing", "stable", "range", 1, {}, ""},
          {"sinks", "preparing_rebalance", "roundrobin", 2, {}, "connect"}};
}

TEST(kafka_group_listing, list_groups_v3_is_flexible) {
  std::string tags_only(1, '\0');
  auto request = read_list_groups(3, tags_only);
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_TRUE(request->states.empty());
  EXPECT_FALSE(read_list_groups(3, "")) << "v3 has the request's tagged fields";
  auto listed = write_list_groups(3, error_code::none, two_groups(), *request);
  wire_reader l{listed, true};
  EXPECT_EQ(l.int32(), 0);
  EXPECT_EQ(l.int16(), 0);
  ASSERT_EQ(l.array_length(), 2);
  EXPECT_EQ(l.string(), "billing");
  EXPECT_EQ(l.string(), "consumer");
  EXPECT_EQ(l.uvarint(), 0u);
  EXPECT_EQ(l.string(), "sinks");
  EXPECT_EQ(l.string(), "connect");
  EXPECT_EQ(l.uvarint(), 0u);
  EXPECT_EQ(l.uvarint(), 0u);
  EXPECT_FALSE(l.failed());
  EXPECT_EQ(l.remaining(), 0u);
}

TEST(kafka_group_listing, list_groups_v4_filters_by_state_and_names_it) {
  wire_writer w{true};
  w.array_length(1);
  w.string("preparingrebalance"); // Kafka matches state names without case
  w.tagged_fields();
  auto body = w.take();
  auto request = read_list_groups(4, body);
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->states, std::vector<std::string>{"preparingrebalance"});
  auto listed = write_list_groups(4, error_code::none, two_groups(), *request);
  wire_reader l{listed, true};
  EXPECT_EQ(l.int32(), 0);
  EXPECT_EQ(l.int16(), 0);
  ASSERT_EQ(l.array_length(), 1);
  EXPECT_EQ(l.string(), "sinks");
  EXPECT_EQ(l.string(), "connect");
  EXPECT_EQ(l.string(), "PreparingRebalance");
  EXPECT_EQ(l.uvarint(), 0u);
  EXPECT_EQ(l.uvarint(), 0u);
  EXPECT_FALSE(l.failed());
  EXPECT_EQ(l.remaining(), 0u);
}

TEST(kafka_group_listing, delete_groups_v2_is_flexible) {
  wire_writer w{true};
  w.array_length(1);
  w.string("billing");
  w.tagged_fields();
  auto body = w.take();
  auto names = read_delete_groups(2, body);
  ASSERT_TRUE(names) << names.error().message;
  EXPECT_EQ(*names, std::vector<std::string>{"billing"});
  auto deleted = write_delete_groups(2, {{"billing", error_code::non_empty_group}});
  wire_reader d{deleted, true};
  EXPECT_EQ(d.int32(), 0);
  ASSERT_EQ(d.array_length(), 1);
  EXPECT_EQ(d.string(), "billing");
  EXPECT_EQ(d.int16(), 68);
  EXPECT_EQ(d.uvarint(), 0u);
  EXPECT_EQ(d.uvarint(), 0u);
  EXPECT_FALSE(d.failed());
  EXPECT_EQ(d.remaining(), 0u);
}

} // namespace
} // namespace strom::kafka
