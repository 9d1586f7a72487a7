// The room a node's data has left (space_watch): the reserve it keeps, and
// the pages LMDB frees, which count as room since LMDB reuses them first.

#include <gtest/gtest.h>

#include "storage/space_watch.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;
using testing::submit_and_wait;

constexpr uint64_t mib = 1 << 20;

write_request appending(group_id group, int64_t count, size_t entry_bytes) {
  write_request request;
  request.group = group;
  for (int64_t i = 1; i <= count; ++i)
    request.entries.push_back(make_entry(group, i, 1, entry_bytes));
  return request;
}

write_request truncating(group_id group, raft_index from) {
  write_request request;
  request.group = group;
  request.truncate_from = from;
  return request;
}

TEST(space_watch, the_reserve_is_the_configured_one_else_a_twentieth_within_bounds) {
  EXPECT_EQ(space_reserve_bytes(3 * mib, 1000 * mib), 3 * mib);
  EXPECT_EQ(space_reserve_bytes(0, 40 * mib), space_reserve_min_bytes);
  EXPECT_EQ(space_reserve_bytes(0, 400 * mib), 20 * mib);
  EXPECT_EQ(space_reserve_bytes(0, 100000 * mib), space_reserve_max_bytes);
}

TEST(space_watch, below_the_reserve_counts_as_low_and_freed_pages_count_as_room) {
  space_reading r;
  r.fs_free_bytes = 5 * mib;
  r.reserve_bytes = 8 * mib;
  EXPECT_TRUE(r.low());
  r.reusable_bytes = 3 * mib;
  EXPECT_FALSE(r.low());
  EXPECT_EQ(r.describe(), "8.0 MiB free of 0.0 MiB (reserve 8.0 MiB)");
}

TEST(space_watch, pages_of_a_truncated_log_are_on_the_free_list) {
  testing::temp_dir dir;
  auto config = testing::config_for(dir);
  auto environment = testing::open_env(config);
  writer w{*environment};
  ASSERT_TRUE(submit_and_wait(w, appending(group_id{1}, 2000, 1000)));
  auto before = reusable_bytes(environment->handle());
  ASSERT_TRUE(before);

  ASSERT_TRUE(submit_and_wait(w, truncating(group_id{1}, raft_index{2})));
  auto after = reusable_bytes(environment->handle());
  ASSERT_TRUE(after);
  // 2000 entries of 1 KB filled about 2 MB of pages.
  EXPECT_GT(*after, *before + mib);
  EXPECT_FALSE(w.space_low());
  EXPECT_GT(w.space().fs_size_bytes, 0u);
}

} // namespace
} // namespace strom::storage
