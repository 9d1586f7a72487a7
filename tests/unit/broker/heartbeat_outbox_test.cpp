// The broker's outbox: which raft messages wait to be coalesced, and how
// they come out, per destination node and in the order they went in.

#include <gtest/gtest.h>

#include "actors/broker/heartbeat_outbox.hpp"

namespace strom {
namespace {

raft::message of_type(raft::message_type type, int64_t commit = 0) {
  raft::message m;
  m.type = type;
  m.commit = raft_index{commit};
  return m;
}

TEST(heartbeat_outbox, only_heartbeats_and_their_answers_wait) {
  using t = raft::message_type;
  EXPECT_TRUE(heartbeat_outbox::coalesces(of_type(t::heartbeat)));
  EXPECT_TRUE(heartbeat_outbox::coalesces(of_type(t::heartbeat_response)));
  for (auto type : {t::pre_vote, t::pre_vote_response, t::vote, t::vote_response, t::append,
                    t::append_response, t::snapshot, t::timeout_now})
    EXPECT_FALSE(heartbeat_outbox::coalesces(of_type(type))) << raft::to_string(type);
}

TEST(heartbeat_outbox, the_first_message_arms_the_flush_and_later_ones_join_it) {
  heartbeat_outbox box;
  EXPECT_TRUE(box.empty());
  EXPECT_EQ(box.add(node_id{2}, group_id{7}, of_type(raft::message_type::heartbeat)),
            heartbeat_outbox::added::first);
  EXPECT_EQ(box.add(node_id{3}, group_id{7}, of_type(raft::message_type::heartbeat)),
            heartbeat_outbox::added::buffered);
  EXPECT_EQ(box.add(node_id{2}, group_id{8}, of_type(raft::message_type::heartbeat)),
            heartbeat_outbox::added::buffered);
  EXPECT_FALSE(box.empty());
}

TEST(heartbeat_outbox, take_all_gives_each_node_its_bundle_in_order_and_empties) {
  heartbeat_outbox box;
  for (int g = 1; g <= 3; ++g)
    box.add(node_id{2}, group_id{g}, of_type(raft::message_type::heartbeat, g * 10));
  box.add(node_id{3}, group_id{9}, of_type(raft::message_type::heartbeat_response));
  auto all = box.take_all();
  ASSERT_EQ(all.size(), 2u);
  const auto& to_two = all.at(node_id{2});
  ASSERT_EQ(to_two.size(), 3u);
  for (int g = 1; g <= 3; ++g) {
    EXPECT_EQ(to_two[g - 1].group, group_id{g});
    EXPECT_EQ(to_two[g - 1].msg.commit, raft_index{g * 10});
  }
  EXPECT_EQ(all.at(node_id{3}).at(0).group, group_id{9});
  EXPECT_TRUE(box.empty());
  EXPECT_EQ(box.add(node_id{2}, group_id{1}, of_type(raft::message_type::heartbeat)),
            heartbeat_outbox::added::first);
}

TEST(heartbeat_outbox, a_full_bundle_is_reported_and_taken_alone) {
  heartbeat_outbox box;
  box.add(node_id{3}, group_id{1}, of_type(raft::message_type::heartbeat));
  auto last = heartbeat_outbox::added::first;
  for (size_t i = 0; i < heartbeat_outbox::bundle_messages_max; ++i)
    last = box.add(node_id{2}, group_id{static_cast<int64_t>(i)},
                   of_type(raft::message_type::heartbeat));
  EXPECT_EQ(last, heartbeat_outbox::added::full);
  EXPECT_EQ(box.take(node_id{2}).size(), heartbeat_outbox::bundle_messages_max);
  EXPECT_TRUE(box.take(node_id{2}).empty());
  EXPECT_FALSE(box.empty()); // node 3's still waits for the flush
}

TEST(heartbeat_outbox, a_peer_that_went_down_loses_what_waited_for_it) {
  heartbeat_outbox box;
  box.add(node_id{2}, group_id{1}, of_type(raft::message_type::heartbeat));
  box.drop(node_id{2});
  EXPECT_TRUE(box.empty());
  EXPECT_TRUE(box.take_all().empty());
}

} // namespace
} // namespace strom
