// Controller commands survive encoding as raft entries; garbage is a typed
// error.

#include <random>

#include <gtest/gtest.h>

#include "actors/controller/commands.hpp"
#include "messages/controller.pb.h"
#include "tests/support/test_seed.hpp"

namespace strom {
namespace {

template <class T>
T round_trip(const T& command) {
  auto decoded = decode_command(encode_command(controller_command{command}));
  EXPECT_TRUE(decoded) << decoded.error().describe();
  EXPECT_TRUE(std::holds_alternative<T>(*decoded));
  return std::get<T>(*decoded);
}

TEST(controller_commands, every_command_round_trips) {
  topic_config config{1 << 30, 3600 * 1000, 4096, cleanup_policy::deletion, 2,
                      timestamp_type::log_append_time, 5000};
  auto create = round_trip(create_topic_command{"orders", 6, 3, config});
  EXPECT_EQ(create.name, "orders");
  EXPECT_EQ(create.partition_count, 6);
  EXPECT_EQ(create.replication_factor, 3);
  EXPECT_EQ(create.config, config);
  EXPECT_EQ(round_trip(delete_topic_command{"gone"}).name, "gone");
  auto add = round_trip(add_partitions_command{"orders", 12});
  EXPECT_EQ(add.partition_count, 12);
  auto reg = round_trip(register_broker_command{node_address{node_id{7}, "host-7", 9092}});
  EXPECT_EQ(reg.address.id, node_id{7});
  EXPECT_EQ(reg.address.host, "host-7");
  EXPECT_EQ(reg.address.port, 9092);
  auto alive = round_trip(set_broker_alive_command{node_id{7}, false});
  EXPECT_EQ(alive.id, node_id{7});
  EXPECT_FALSE(alive.alive);
  EXPECT_EQ(round_trip(allocate_producer_id_command{}).count, 1);
  EXPECT_EQ(round_trip(allocate_producer_id_command{1000}).count, 1000);
  auto alter = round_trip(alter_topic_config_command{
    "orders", {{"retention.ms", config_op::set, "1"}, {"cleanup.policy", config_op::append,
                                                       "compact"}}});
  EXPECT_EQ(alter.name, "orders");
  ASSERT_EQ(alter.changes.size(), 2u);
  EXPECT_EQ(alter.changes[1].op, config_op::append);
  EXPECT_EQ(alter.changes[1].value, "compact");
}

// A remove is resolved by the proposer; one in the log is not a command.
TEST(controller_commands, an_alter_with_a_remove_or_an_unknown_operation_is_refused) {
  for (uint32_t op : {1u, 4u}) {
    wire::ControllerCommand command;
    auto* change = command.mutable_alter_topic_config()->add_changes();
    change->set_key("retention.ms");
    change->set_op(op);
    EXPECT_FALSE(decode_command(command.SerializeAsString())) << "op " << op;
  }
}

// Entries written before producer ids came in blocks name no count: one id.
TEST(controller_commands, a_producer_id_command_without_a_count_is_one_id) {
  wire::ControllerCommand command;
  command.mutable_allocate_producer_id();
  auto decoded = decode_command(command.SerializeAsString());
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_EQ(std::get<allocate_producer_id_command>(*decoded).count, 1);
  command.mutable_allocate_producer_id()->set_count(-3);
  auto negative = decode_command(command.SerializeAsString());
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, errc::bad_request);
}

TEST(controller_commands, an_empty_command_is_bad_request) {
  auto decoded = decode_command("");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, errc::bad_request);
}

TEST(controller_commands, a_port_beyond_16_bits_is_bad_request) {
  wire::ControllerCommand command;
  command.mutable_register_broker()->set_port(70000);
  auto decoded = decode_command(command.SerializeAsString());
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, errc::bad_request);
}

TEST(controller_commands, an_unknown_cleanup_policy_is_bad_request) {
  wire::ControllerCommand command;
  command.mutable_create_topic()->mutable_config()->set_cleanup_policy(
    static_cast<wire::CleanupPolicy>(5));
  auto decoded = decode_command(command.SerializeAsString());
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, errc::bad_request);
}

TEST(controller_commands, random_bytes_give_typed_errors) {
  auto seed = testing::test_seed();
  testing::seed_trace trace{seed};
  std::mt19937_64 random(seed);
  int decoded_count = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string bytes(random() % 40, '\0');
    for (auto& c : bytes)
      c = static_cast<char>(random());
    auto decoded = decode_command(bytes);
    if (decoded)
      ++decoded_count;
    else
      EXPECT_EQ(decoded.error().code, errc::bad_request);
  }
  EXPECT_LT(decoded_count, 20'000);
}

TEST(controller_commands, describe_names_the_command) {
  EXPECT_EQ(describe(controller_command{create_topic_command{"orders", 1, 1, {}}}),
            "create_topic orders");
  EXPECT_EQ(describe(controller_command{set_broker_alive_command{node_id{3}, false}}),
            "set_broker_alive 3 down");
}

} // namespace
} // namespace strom
