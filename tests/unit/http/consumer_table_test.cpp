// The consumers a door holds: ids, the limit, idle expiry, and the group
// each one belongs to (a lookup under another group finds nothing).

#include <gtest/gtest.h>

#include "net/door/consumer_table.hpp"

namespace strom {
namespace {

using namespace std::chrono_literals;
using clock_type = consumer_table::clock;

// A table never sends to its actors, so a default (invalid) handle stands
// in; held entries are told apart by their ids.
const caf::actor no_actor{};

TEST(consumer_table, an_id_is_found_in_its_own_group_or_unscoped) {
  consumer_table t{4};
  auto now = clock_type::now();
  auto id = t.add(no_actor, "g1", 1000ms, now);
  ASSERT_TRUE(id);
  EXPECT_TRUE(t.use(*id, now, "g1"));
  EXPECT_TRUE(t.use(*id, now));
  EXPECT_FALSE(t.use(*id, now, "g2"));
  EXPECT_FALSE(t.use("c99-0000000000000000", now));
}

TEST(consumer_table, another_groups_path_cannot_remove_it) {
  consumer_table t{4};
  auto now = clock_type::now();
  auto id = t.add(no_actor, "g1", 1000ms, now);
  ASSERT_TRUE(id);
  EXPECT_FALSE(t.remove(*id, "g2"));
  EXPECT_EQ(t.size(), 1u);
  EXPECT_TRUE(t.remove(*id, "g1"));
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.use(*id, now));
}

TEST(consumer_table, the_limit_holds_and_idle_ones_expire) {
  consumer_table t{2};
  auto now = clock_type::now();
  auto a = t.add(no_actor, "g", 100ms, now);
  auto b = t.add(no_actor, "g", 1000ms, now);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_FALSE(t.add(no_actor, "g", 100ms, now));
  EXPECT_TRUE(t.use(*a, now + 90ms)); // used: its idle time restarts
  EXPECT_TRUE(t.use(*a, now + 180ms));
  EXPECT_FALSE(t.use(*a, now + 280ms));
  EXPECT_EQ(t.take_expired(now + 280ms).size(), 1u);
  EXPECT_TRUE(t.use(*b, now + 280ms));
  EXPECT_EQ(t.size(), 1u);
}

} // namespace
} // namespace strom
