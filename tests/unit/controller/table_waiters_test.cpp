// Answers to forwarded topic commands wait until this node's table shows
// the command (read your writes), or until their deadline.

#include <gtest/gtest.h>

#include "actors/controller/table_waiters.hpp"
#include "tests/unit/controller/table_fixtures.hpp"

namespace strom {
namespace {

using clock_type = table_waiters::clock;

TEST(table_waiters, an_answer_waits_until_the_table_shows_the_command) {
  topic_table table;
  test::register_brokers(table, 3);
  table_waiters waiters;
  auto now = clock_type::now();
  int created = 0, grown = 0, deleted = 0;
  waiters.add(table, table_waiters::shows_topic("orders", 1), [&] { ++created; }, now + std::chrono::hours{1});
  waiters.add(table, table_waiters::shows_topic("orders", 4), [&] { ++grown; }, now + std::chrono::hours{1});
  waiters.add(table, table_waiters::shows_topic("gone", 0), [&] { ++deleted; }, now + std::chrono::hours{1});
  EXPECT_EQ(deleted, 1) << "a topic the table does not hold is deleted already: answered at once";
  EXPECT_EQ(waiters.size(), 2u);
  ASSERT_TRUE(table.apply(test::create("orders", 2, 3)));
  waiters.settle(table, now);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(grown, 0) << "2 partitions, not 4 yet";
  ASSERT_TRUE(table.apply(add_partitions_command{"orders", 4}));
  waiters.settle(table, now);
  EXPECT_EQ(grown, 1);
  EXPECT_EQ(waiters.size(), 0u);
}

TEST(table_waiters, an_answer_goes_at_its_deadline_whatever_the_table) {
  topic_table table;
  table_waiters waiters;
  auto now = clock_type::now();
  int answered = 0;
  waiters.add(table, table_waiters::shows_topic("never", 1), [&] { ++answered; }, now + std::chrono::seconds{5});
  waiters.settle(table, now + std::chrono::seconds{4});
  EXPECT_EQ(answered, 0);
  waiters.settle(table, now + std::chrono::seconds{5});
  EXPECT_EQ(answered, 1);
}

} // namespace
} // namespace strom
