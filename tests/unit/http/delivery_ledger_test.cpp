// What a WebSocket's group may commit: only records the peer acknowledged.

#include <gtest/gtest.h>

#include "net/http/delivery_ledger.hpp"

namespace strom {
namespace {

const topic_partition p0{"t", partition_id{0}};
const topic_partition p1{"t", partition_id{1}};

std::pair<topic_partition, record_offset> at(const topic_partition& tp, int64_t offset) {
  return {tp, record_offset{offset}};
}

TEST(delivery_ledger, nothing_unacknowledged_confirms_everything_written) {
  delivery_ledger l;
  l.written(100, at(p0, 7));
  l.written(50, std::nullopt); // an announcement
  l.written(100, at(p1, 3));
  EXPECT_TRUE(l.confirm(0));
  EXPECT_EQ(l.confirmed().at(p0), record_offset{8});
  EXPECT_EQ(l.confirmed().at(p1), record_offset{4});
  EXPECT_EQ(l.pending(), 0u);
}

TEST(delivery_ledger, records_the_unacknowledged_bytes_may_reach_stay_pending) {
  delivery_ledger l;
  l.written(100, at(p0, 0)); // 102 bytes with its frame header
  l.written(100, at(p0, 1));
  l.written(100, at(p0, 2));
  // 150 unacknowledged bytes may reach back into offset 1: only 0 arrived.
  EXPECT_TRUE(l.confirm(150));
  EXPECT_EQ(l.confirmed().at(p0), record_offset{1});
  EXPECT_EQ(l.pending(), 2u);
  // Exactly the last message's bytes: all but it arrived.
  EXPECT_TRUE(l.confirm(102));
  EXPECT_EQ(l.confirmed().at(p0), record_offset{2});
  EXPECT_FALSE(l.confirm(102)) << "nothing new";
}

TEST(delivery_ledger, more_unacknowledged_than_written_confirms_nothing) {
  delivery_ledger l;
  l.written(100, at(p0, 0));
  EXPECT_FALSE(l.confirm(5000));
  EXPECT_TRUE(l.confirmed().empty());
  EXPECT_EQ(l.pending(), 1u);
}

TEST(delivery_ledger, a_forgotten_partition_is_not_committed) {
  delivery_ledger l;
  l.written(10, at(p0, 0));
  l.written(10, at(p1, 0));
  l.confirm(0);
  l.written(10, at(p0, 1));
  l.forget(p0);
  l.confirm(0);
  EXPECT_EQ(l.confirmed().count(p0), 0u);
  EXPECT_EQ(l.confirmed().at(p1), record_offset{1});
}

} // namespace
} // namespace strom
