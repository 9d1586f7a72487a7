// ListGroups, DescribeGroups and DeleteGroups: strom's group states under
// Kafka's names, a member's assignment in the consumer protocol, and the
// answers' layouts at their first and last versions.

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
  for (int16_t version : {0, 4}) {
    auto body = write_describe_groups(version, groups);
    wire_reader r{body, false};
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
    if (version >= 3) {
      r.int32();
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
  auto names = read_delete_groups(body);
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"billing"}));
  auto deleted = write_delete_groups({{"billing", error_code::non_empty_group}});
  wire_reader d{deleted, false};
  d.int32();
  ASSERT_EQ(d.array_length(), 1);
  d.string();
  EXPECT_EQ(d.int16(), 68);
}

} // namespace
} // namespace strom::kafka
