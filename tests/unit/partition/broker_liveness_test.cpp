// The controller leader keeps the table's brokers in step with the manifest
// and with which nodes are up: applying what it proposes leaves nothing more
// to propose.

#include <gtest/gtest.h>

#include "actors/controller/service/broker_liveness.hpp"
#include "tests/unit/controller/table_fixtures.hpp"

namespace strom {
namespace {

node_address address_of(int id, uint16_t port_shift = 0) {
  return node_address{node_id{id}, "10.0.0." + std::to_string(id),
                      static_cast<uint16_t>(9000 + id + port_shift)};
}

std::vector<node_address> manifest_nodes() {
  return {address_of(1), address_of(2), address_of(3)};
}

// Applies the commands; the test fails on any the table refuses.
void apply_all(topic_table& table, const std::vector<controller_command>& commands) {
  for (const auto& c : commands) {
    auto applied = table.apply(c);
    ASSERT_TRUE(applied) << describe(c) << ": " << applied.error().describe();
  }
}

TEST(broker_liveness, an_empty_table_gets_every_node_registered) {
  topic_table table;
  auto commands = liveness_commands(table, manifest_nodes(), {node_id{1}, node_id{2}});
  apply_all(table, commands);
  ASSERT_EQ(table.brokers().size(), 3u);
  EXPECT_TRUE(table.broker(node_id{1})->alive);
  EXPECT_TRUE(table.broker(node_id{2})->alive);
  EXPECT_FALSE(table.broker(node_id{3})->alive) << "registered, but it is not up";
  EXPECT_EQ(table.live_brokers().size(), 2u);
}

TEST(broker_liveness, nothing_is_proposed_when_the_table_is_in_step) {
  topic_table table;
  test::register_brokers(table, 3);
  std::set<node_id> all_up{node_id{1}, node_id{2}, node_id{3}};
  EXPECT_TRUE(liveness_commands(table, manifest_nodes(), all_up).empty());
}

TEST(broker_liveness, alive_flags_follow_which_nodes_are_up) {
  topic_table table;
  test::register_brokers(table, 3);
  auto down = liveness_commands(table, manifest_nodes(), {node_id{1}, node_id{3}});
  ASSERT_EQ(down.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<set_broker_alive_command>(down[0]));
  EXPECT_EQ(std::get<set_broker_alive_command>(down[0]).id, node_id{2});
  EXPECT_FALSE(std::get<set_broker_alive_command>(down[0]).alive);
  apply_all(table, down);
  EXPECT_FALSE(table.broker(node_id{2})->alive);
  EXPECT_TRUE(liveness_commands(table, manifest_nodes(), {node_id{1}, node_id{3}}).empty());

  std::set<node_id> all_up{node_id{1}, node_id{2}, node_id{3}};
  apply_all(table, liveness_commands(table, manifest_nodes(), all_up));
  EXPECT_TRUE(table.broker(node_id{2})->alive);
  EXPECT_TRUE(liveness_commands(table, manifest_nodes(), all_up).empty());
}

TEST(broker_liveness, a_node_at_a_new_address_is_registered_again) {
  topic_table table;
  test::register_brokers(table, 3);
  auto nodes = manifest_nodes();
  nodes[1] = address_of(2, 100);
  std::set<node_id> up{node_id{1}, node_id{3}};
  auto commands = liveness_commands(table, nodes, up);
  ASSERT_FALSE(commands.empty());
  EXPECT_TRUE(std::holds_alternative<register_broker_command>(commands[0]));
  apply_all(table, commands);
  EXPECT_EQ(table.broker(node_id{2})->address.port, 9102);
  EXPECT_FALSE(table.broker(node_id{2})->alive) << "moved, but not up";
  EXPECT_TRUE(liveness_commands(table, nodes, up).empty());
}

} // namespace
} // namespace strom
