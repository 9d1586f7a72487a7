// The client's metadata cache: where a partition's requests go, and how
// replies and leader hints change that.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "net/client/metadata_cache.hpp"

namespace strom {
namespace {

const node_id n1{1}, n2{2}, n3{3};

partition_metadata part(int32_t p, int64_t group, std::vector<node_id> replicas, node_id leader) {
  return {partition_id{p}, group_id{group}, std::move(replicas), leader, term_id{1}};
}

cluster_metadata two_partitions() {
  cluster_metadata md;
  md.brokers = {{{n1, "h1", 1}, true}, {{n2, "h2", 2}, true}, {{n3, "h3", 3}, false}};
  topic_metadata t;
  t.name = "orders";
  t.config.batch_bytes_max = 4096;
  t.partitions = {part(0, 10, {n1, n2, n3}, n2), part(1, 11, {n3, n1, n2}, node_id{-1})};
  md.topics = {t};
  return md;
}

TEST(metadata_cache, routes_to_the_known_leader_else_the_first_replica) {
  metadata_cache cache;
  cache.update(two_partitions());
  EXPECT_EQ(cache.route("orders", partition_id{0}), n2);
  EXPECT_EQ(cache.route("orders", partition_id{1}), n3);
}

TEST(metadata_cache, knows_nothing_of_unknown_topics_and_partitions) {
  metadata_cache cache;
  cache.update(two_partitions());
  EXPECT_FALSE(cache.route("other", partition_id{0}));
  EXPECT_FALSE(cache.route("orders", partition_id{2}));
  EXPECT_FALSE(cache.route("orders", partition_id{-1}));
  EXPECT_EQ(cache.topic("other"), nullptr);
}

TEST(metadata_cache, gives_broker_addresses_and_lists_the_alive_ones) {
  metadata_cache cache;
  cache.update(two_partitions());
  ASSERT_TRUE(cache.address(n3));
  EXPECT_EQ(cache.address(n3)->to_string(), "h3:3");
  EXPECT_FALSE(cache.address(node_id{9}));
  auto alive = cache.alive_brokers();
  ASSERT_EQ(alive.size(), 2u);
  EXPECT_EQ(alive[0].id, n1);
  EXPECT_EQ(alive[1].id, n2);
}

TEST(metadata_cache, a_leader_hint_redirects_until_the_next_reply) {
  metadata_cache cache;
  cache.update(two_partitions());
  cache.set_leader(group_id{10}, n3);
  EXPECT_EQ(cache.route("orders", partition_id{0}), n3);
  cache.update(two_partitions());
  EXPECT_EQ(cache.route("orders", partition_id{0}), n2);
}

TEST(metadata_cache, a_failed_leader_without_hint_sends_the_next_try_to_another_replica) {
  metadata_cache cache;
  cache.update(two_partitions());
  // The leader n2 failed: fall back to the first replica, n1.
  cache.forget_leader(group_id{10}, n2);
  EXPECT_EQ(cache.route("orders", partition_id{0}), n1);
  // n1 failed too: the next replica, and so on around the set.
  cache.forget_leader(group_id{10}, n1);
  EXPECT_EQ(cache.route("orders", partition_id{0}), n2);
  cache.forget_leader(group_id{10}, n2);
  EXPECT_EQ(cache.route("orders", partition_id{0}), n3);
}

TEST(metadata_cache, a_reply_for_one_topic_keeps_the_others_and_the_brokers) {
  metadata_cache cache;
  cache.update(two_partitions());
  cluster_metadata other;
  topic_metadata t;
  t.name = "logs";
  t.partitions = {part(0, 20, {n1}, n1)};
  other.topics = {t};
  cache.update(other);
  EXPECT_EQ(cache.route("orders", partition_id{0}), n2);
  EXPECT_EQ(cache.route("logs", partition_id{0}), n1);
  EXPECT_TRUE(cache.address(n1));
  cache.forget_topic("logs");
  EXPECT_FALSE(cache.route("logs", partition_id{0}));
}

TEST(metadata_cache, asks_the_alive_brokers_then_the_bootstrap_list_in_turn) {
  metadata_cache cache;
  const std::vector<endpoint> bootstrap{{"b1", 9}};
  EXPECT_EQ(cache.places_to_ask(bootstrap), 1u);
  EXPECT_EQ(cache.next_to_ask(bootstrap).to_string(), "b1:9") << "before any reply";
  cache.update(two_partitions());
  ASSERT_EQ(cache.places_to_ask(bootstrap), 3u) << "h3 is not alive";
  std::vector<std::string> asked;
  for (int i = 0; i < 6; ++i)
    asked.push_back(cache.next_to_ask(bootstrap).to_string());
  // Each place once in every three asks, whichever comes first.
  for (size_t i = 0; i + 3 <= asked.size(); ++i) {
    std::set<std::string> window{asked.begin() + i, asked.begin() + i + 3};
    EXPECT_EQ(window, (std::set<std::string>{"h1:1", "h2:2", "b1:9"})) << "from ask " << i;
  }
}

} // namespace
} // namespace strom
