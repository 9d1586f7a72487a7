// What `group describe` shows per partition: the committed offset, who owns
// it, and the lag once the log end is known.

#include <gtest/gtest.h>

#include "net/client/group_lag.hpp"

namespace strom {
namespace {

partition_offset committed(const std::string& topic, int32_t p, int64_t offset) {
  return {{topic, partition_id{p}}, record_offset{offset}, {}, 1};
}

TEST(group_lag, rows_cover_committed_and_owned_partitions_in_order) {
  group_description g;
  g.offsets = {committed("orders", 1, 7), committed("audit", 0, 3)};
  group_member_description m;
  m.member = "m-1";
  m.assignment = {{"orders", partition_id{0}}, {"orders", partition_id{1}}};
  g.members = {m};

  auto rows = lag_rows(g);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].partition, (topic_partition{"audit", partition_id{0}}));
  EXPECT_EQ(rows[0].committed, record_offset{3});
  EXPECT_EQ(rows[0].owner, "");
  EXPECT_EQ(rows[1].partition, (topic_partition{"orders", partition_id{0}}));
  EXPECT_FALSE(rows[1].committed) << "owned, nothing committed";
  EXPECT_EQ(rows[1].owner, "m-1");
  EXPECT_EQ(rows[2].committed, record_offset{7});
  EXPECT_EQ(rows[2].owner, "m-1");
}

TEST(group_lag, lag_is_the_log_end_minus_the_commit_and_never_negative) {
  partition_lag row{{"orders", partition_id{0}}, record_offset{4}, std::nullopt, ""};
  EXPECT_FALSE(row.lag()) << "log end unknown";
  row.log_end = record_offset{10};
  EXPECT_EQ(row.lag(), 6);
  row.log_end = record_offset{2}; // the log lost its tail
  EXPECT_EQ(row.lag(), 0);
  row.committed.reset();
  EXPECT_FALSE(row.lag()) << "nothing committed";
}

} // namespace
} // namespace strom
