// JoinGroup, SyncGroup, Heartbeat and LeaveGroup at every version strom
// takes: requests built the way a client lays them out and read back,
// answers read back field by field in their version's layout (throttle
// time, nullable strings, the flexible versions' tagged-field trailers),
// and malformed or cut bodies refused with an error.

#include <gtest/gtest.h>

#include "net/kafka/group_membership_api.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {
namespace {

const std::optional<std::string> no_value;

// An empty tagged-field trailer, read as the count a client checks.
void expect_no_tags(wire_reader& r) {
  if (r.flexible()) {
    EXPECT_EQ(r.uvarint(), 0u) << "an empty tagged-field trailer";
  }
}

// Every body cut short, at every byte, is refused: each field is required.
template <class Read>
void expect_every_prefix_refused(Read read, int16_t version, const std::string& body) {
  for (size_t n = 0; n < body.size(); ++n)
    EXPECT_FALSE(read(version, std::string_view{body}.substr(0, n)))
      << "version " << version << ": " << n << " of " << body.size() << " bytes";
}

// A client's JoinGroup: group "billing", two protocols in its preference order.
std::string join_body(int16_t version) {
  wire_writer w{version >= 6};
  w.string("billing");
  w.int32(10000);
  if (version >= 1)
    w.int32(60000);
  w.string("member-1");
  if (version >= 5)
    w.nullable_string(std::string{"host-a"});
  w.string("consumer");
  w.array_length(2);
  for (const char* name : {"range", "roundrobin"}) {
    w.string(name);
    w.bytes(std::string{"meta-"} + name);
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

TEST(kafka_group_membership, join_group_reads_at_every_version) {
  for (int16_t version = 0; version <= 7; ++version) {
    auto body = join_body(version);
    auto r = read_join_group(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->group, "billing");
    EXPECT_EQ(r->session_timeout_ms, 10000);
    EXPECT_EQ(r->rebalance_timeout_ms, version >= 1 ? 60000 : 10000)
      << "v0 rebalances within the session timeout";
    EXPECT_EQ(r->member, "member-1");
    EXPECT_EQ(r->instance, version >= 5 ? std::optional<std::string>{"host-a"} : no_value);
    EXPECT_EQ(r->protocol_type, "consumer");
    ASSERT_EQ(r->protocols.size(), 2u);
    EXPECT_EQ(r->protocols[0].name, "range");
    EXPECT_EQ(r->protocols[0].metadata, "meta-range");
    EXPECT_EQ(r->protocols[1].name, "roundrobin");
    EXPECT_EQ(r->protocols[1].metadata, "meta-roundrobin");
    expect_every_prefix_refused(read_join_group, version, body);
  }
}

TEST(kafka_group_membership, join_group_of_a_new_member_without_instance) {
  wire_writer w{true};
  w.string("billing");
  w.int32(10000);
  w.int32(300000);
  w.string("");
  w.nullable_string(std::nullopt);
  w.string("consumer");
  w.array_length(0);
  w.tagged_fields();
  auto body = w.take();
  auto r = read_join_group(6, body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->member, "");
  EXPECT_EQ(r->instance, no_value);
  EXPECT_TRUE(r->protocols.empty());
}

join_group_response leader_answer() {
  join_group_response a;
  a.error = error_code::none;
  a.generation = 3;
  a.protocol_type = "consumer";
  a.protocol_name = "range";
  a.leader = "member-1";
  a.member = "member-1";
  a.members = {{"member-1", std::string{"host-a"}, "meta-1"}, {"member-2", std::nullopt, "meta-2"}};
  return a;
}

TEST(kafka_group_membership, join_group_answers_at_every_version) {
  for (int16_t version = 0; version <= 7; ++version) {
    auto body = write_join_group(version, leader_answer());
    wire_reader r{body, version >= 6};
    if (version >= 2) {
      EXPECT_EQ(r.int32(), 0) << "throttle time";
    }
    EXPECT_EQ(r.int16(), 0);
    EXPECT_EQ(r.int32(), 3);
    if (version >= 7) {
      EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"consumer"});
    }
    EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"range"});
    EXPECT_EQ(r.string(), "member-1");
    EXPECT_EQ(r.string(), "member-1");
    ASSERT_EQ(r.array_length(), 2);
    for (const auto& [member, instance, metadata] : leader_answer().members) {
      EXPECT_EQ(r.string(), member);
      if (version >= 5) {
        EXPECT_EQ(r.nullable_string(), instance);
      }
      EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>{metadata});
      expect_no_tags(r);
    }
    expect_no_tags(r);
    EXPECT_FALSE(r.failed()) << "version " << version << ": " << r.failure();
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

TEST(kafka_group_membership, join_group_error_names_no_protocol) {
  join_group_response a;
  a.error = error_code::member_id_required;
  a.member = "member-9";
  // Before v7 the name is not nullable: an empty string, never length -1.
  auto v5 = write_join_group(5, a);
  EXPECT_EQ(v5, std::string("\0\0\0\0" "\0\x4f" "\xff\xff\xff\xff" "\0\0" "\0\0"
                            "\0\x08" "member-9" "\0\0\0\0", 28));
  // v7: both protocol fields null (compact 0), then the flexible trailers.
  auto v7 = write_join_group(7, a);
  EXPECT_EQ(v7, std::string("\0\0\0\0" "\0\x4f" "\xff\xff\xff\xff" "\0" "\0" "\x01"
                            "\x09" "member-9" "\x01" "\0", 24));
}

std::string sync_body(int16_t version, bool leader) {
  wire_writer w{version >= 4};
  w.string("billing");
  w.int32(3);
  w.string("member-1");
  if (version >= 3)
    w.nullable_string(std::nullopt);
  if (version >= 5) {
    w.nullable_string(std::string{"consumer"});
    w.nullable_string(std::string{"range"});
  }
  w.array_length(leader ? 2 : 0);
  for (int i = 1; leader && i <= 2; ++i) {
    w.string("member-" + std::to_string(i));
    w.bytes("assignment-" + std::to_string(i));
    w.tagged_fields();
  }
  w.tagged_fields();
  return w.take();
}

TEST(kafka_group_membership, sync_group_reads_at_every_version) {
  for (int16_t version = 0; version <= 5; ++version) {
    auto body = sync_body(version, true);
    auto r = read_sync_group(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->group, "billing");
    EXPECT_EQ(r->generation, 3);
    EXPECT_EQ(r->member, "member-1");
    EXPECT_EQ(r->instance, no_value);
    auto from_v5 = [&](const char* s) {
      return version >= 5 ? std::optional<std::string>{s} : no_value;
    };
    EXPECT_EQ(r->protocol_type, from_v5("consumer"));
    EXPECT_EQ(r->protocol_name, from_v5("range"));
    ASSERT_EQ(r->assignments.size(), 2u);
    EXPECT_EQ(r->assignments[1].member, "member-2");
    EXPECT_EQ(r->assignments[1].assignment, "assignment-2");
    expect_every_prefix_refused(read_sync_group, version, body);
    auto follower = read_sync_group(version, sync_body(version, false));
    ASSERT_TRUE(follower);
    EXPECT_TRUE(follower->assignments.empty());
  }
}

TEST(kafka_group_membership, sync_group_answers_at_every_version) {
  sync_group_response a{error_code::none, std::string{"consumer"}, std::nullopt, "bytes"};
  for (int16_t version = 0; version <= 5; ++version) {
    auto body = write_sync_group(version, a);
    wire_reader r{body, version >= 4};
    if (version >= 1) {
      EXPECT_EQ(r.int32(), 0) << "throttle time";
    }
    EXPECT_EQ(r.int16(), 0);
    if (version >= 5) {
      EXPECT_EQ(r.nullable_string(), std::optional<std::string>{"consumer"});
      EXPECT_EQ(r.nullable_string(), no_value) << "a null protocol name stays null";
    }
    EXPECT_EQ(r.nullable_bytes(), std::optional<std::string>{"bytes"});
    expect_no_tags(r);
    EXPECT_FALSE(r.failed()) << "version " << version << ": " << r.failure();
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

std::string heartbeat_body(int16_t version) {
  wire_writer w{version >= 4};
  w.string("billing");
  w.int32(3);
  w.string("member-1");
  if (version >= 3)
    w.nullable_string(std::string{"host-a"});
  w.tagged_fields();
  return w.take();
}

TEST(kafka_group_membership, heartbeat_reads_at_every_version) {
  for (int16_t version = 0; version <= 4; ++version) {
    auto body = heartbeat_body(version);
    auto r = read_heartbeat(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->group, "billing");
    EXPECT_EQ(r->generation, 3);
    EXPECT_EQ(r->member, "member-1");
    EXPECT_EQ(r->instance, version >= 3 ? std::optional<std::string>{"host-a"} : no_value);
    expect_every_prefix_refused(read_heartbeat, version, body);
  }
}

TEST(kafka_group_membership, heartbeat_v4_reads_from_the_bytes_a_client_sends) {
  // Compact strings (length + 1), a null instance (0), an empty trailer.
  std::string body("\x08" "billing" "\0\0\0\x03" "\x02" "m" "\0" "\0", 16);
  auto r = read_heartbeat(4, body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->group, "billing");
  EXPECT_EQ(r->generation, 3);
  EXPECT_EQ(r->member, "m");
  EXPECT_EQ(r->instance, no_value);
}

TEST(kafka_group_membership, heartbeat_answers_at_every_version) {
  auto rebalancing = error_code::rebalance_in_progress;
  EXPECT_EQ(write_heartbeat(0, rebalancing), std::string("\0\x1b", 2));
  for (int16_t version = 1; version <= 3; ++version)
    EXPECT_EQ(write_heartbeat(version, rebalancing), std::string("\0\0\0\0\0\x1b", 6));
  EXPECT_EQ(write_heartbeat(4, rebalancing), std::string("\0\0\0\0\0\x1b\0", 7));
}

std::string leave_body(int16_t version) {
  wire_writer w{version >= 4};
  w.string("billing");
  if (version <= 2) {
    w.string("member-1");
    return w.take();
  }
  w.array_length(2);
  w.string("member-1");
  w.nullable_string(std::string{"host-a"});
  w.tagged_fields();
  w.string("");
  w.nullable_string(std::string{"host-b"});
  w.tagged_fields();
  w.tagged_fields();
  return w.take();
}

TEST(kafka_group_membership, leave_group_reads_one_member_or_a_list) {
  for (int16_t version = 0; version <= 4; ++version) {
    auto body = leave_body(version);
    auto r = read_leave_group(version, body);
    ASSERT_TRUE(r) << "version " << version << ": " << r.error().message;
    EXPECT_EQ(r->group, "billing");
    ASSERT_EQ(r->members.size(), version <= 2 ? 1u : 2u);
    EXPECT_EQ(r->members[0].member, "member-1");
    EXPECT_EQ(r->members[0].instance,
              version >= 3 ? std::optional<std::string>{"host-a"} : no_value);
    if (version >= 3) {
      EXPECT_EQ(r->members[1].member, "") << "an admin removes a static member by instance";
      EXPECT_EQ(r->members[1].instance, std::optional<std::string>{"host-b"});
    }
    expect_every_prefix_refused(read_leave_group, version, body);
  }
}

TEST(kafka_group_membership, leave_group_answers_at_every_version) {
  std::vector<leave_group_member_result> members{
    {"member-1", std::string{"host-a"}, error_code::none},
    {"", std::nullopt, error_code::unknown_member_id}};
  for (int16_t version = 0; version <= 4; ++version) {
    auto body = write_leave_group(version, error_code::none, members);
    wire_reader r{body, version >= 4};
    if (version >= 1) {
      EXPECT_EQ(r.int32(), 0) << "throttle time";
    }
    EXPECT_EQ(r.int16(), 0);
    if (version >= 3) {
      ASSERT_EQ(r.array_length(), 2);
      for (const auto& m : members) {
        EXPECT_EQ(r.string(), m.member);
        EXPECT_EQ(r.nullable_string(), m.instance);
        EXPECT_EQ(r.int16(), wire(m.error));
        expect_no_tags(r);
      }
    }
    expect_no_tags(r);
    EXPECT_FALSE(r.failed()) << "version " << version << ": " << r.failure();
    EXPECT_EQ(r.remaining(), 0u) << "version " << version;
  }
}

TEST(kafka_group_membership, flexible_requests_skip_unknown_tagged_fields) {
  wire_writer w{true};
  w.string("billing");
  w.int32(3);
  w.string("member-1");
  w.nullable_string(std::nullopt);
  w.uvarint(1); // one tagged field a later client might send
  w.uvarint(7);
  w.uvarint(2);
  w.raw("ab");
  auto body = w.take();
  auto r = read_heartbeat(4, body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->member, "member-1");
}

TEST(kafka_group_membership, nulls_and_negative_lengths_where_none_may_be_are_refused) {
  wire_writer null_group{false};
  null_group.nullable_string(std::nullopt);
  null_group.int32(3);
  null_group.string("member-1");
  EXPECT_FALSE(read_heartbeat(0, null_group.take())) << "a group id is never null";
  std::string negative("\xff\xfe" "billing", 9);
  EXPECT_FALSE(read_leave_group(0, negative)) << "a string of length -2";
  auto join = join_body(0);
  // Protocols: the array's count becomes null (-1) and the rest goes.
  auto at = join.find("range") - 2 - 4;
  auto null_protocols = join.substr(0, at) + std::string("\xff\xff\xff\xff", 4);
  EXPECT_FALSE(read_join_group(0, null_protocols)) << "the protocols are never null";
  wire_writer null_bytes{false};
  null_bytes.string("billing");
  null_bytes.int32(3);
  null_bytes.string("member-1");
  null_bytes.array_length(1);
  null_bytes.string("member-1");
  null_bytes.nullable_bytes(std::nullopt);
  EXPECT_FALSE(read_sync_group(0, null_bytes.take())) << "an assignment is never null";
}

TEST(kafka_group_membership, versions_past_the_known_ones_are_refused) {
  EXPECT_FALSE(read_join_group(8, join_body(7))) << "v8 adds a reason";
  EXPECT_FALSE(read_sync_group(6, sync_body(5, true)));
  EXPECT_FALSE(read_heartbeat(5, heartbeat_body(4)));
  EXPECT_FALSE(read_leave_group(5, leave_body(4))) << "v5 adds a reason per member";
  EXPECT_FALSE(read_heartbeat(-1, heartbeat_body(0)));
}

} // namespace
} // namespace strom::kafka
