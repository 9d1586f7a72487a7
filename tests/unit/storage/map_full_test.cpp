// A full LMDB map: typed error, nothing harmed, reads go on, and room comes
// back through retention or a larger map at restart.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/log_store.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;
using testing::payload_for;
using testing::submit_and_wait;

constexpr size_t entry_bytes = 4000;

write_request one_entry(group_id group, int64_t index, int64_t commit) {
  write_request request;
  request.group = group;
  request.entries.push_back(make_entry(group, index, 1, entry_bytes, index));
  request.state = hard_state{term_id{1}, std::nullopt, raft_index{commit}};
  return request;
}

// Appends until the map is full; returns the last index that made it.
int64_t fill_until_full(writer& w, group_id group, int64_t from) {
  for (int64_t i = from;; ++i) {
    auto ack = submit_and_wait(w, one_entry(group, i, i));
    if (!ack) {
      EXPECT_EQ(ack.error().code, errc::storage_full) << ack.error().describe();
      return i - 1;
    }
    if (i > from + 10000) {
      ADD_FAILURE() << "the map never filled";
      return i;
    }
  }
}

void expect_intact(env& environment, group_id group, int64_t from, int64_t to) {
  log_store logs(environment);
  for (int64_t i = from; i <= to; ++i) {
    auto e = logs.entry(group, raft_index{i});
    ASSERT_TRUE(e) << "index " << i << ": " << e.error().describe();
    ASSERT_EQ(e->payload, payload_for(group, raft_index{i}, term_id{1}, entry_bytes));
  }
}

TEST(map_full, append_fails_typed_and_harms_nothing_then_retention_frees_room) {
  testing::temp_dir dir;
  auto config = testing::config_for(dir);
  config.map_size_bytes = uint64_t{1} << 20;
  config.retention_chunk_entries_max = 16;
  auto environment = testing::open_env(config);
  writer w(*environment);
  group_id g{1};
  int64_t last = fill_until_full(w, g, 1);
  ASSERT_GT(last, 50);
  // The failed append left no trace and the log reads on.
  log_store logs(*environment);
  EXPECT_EQ(**logs.last_index(g), raft_index{last});
  expect_intact(*environment, g, 1, last);
  EXPECT_EQ((*raft_state_store(*environment).load_hard_state(g))->commit_index, raft_index{last});
  // Still full on retry.
  EXPECT_EQ(submit_and_wait(w, one_entry(g, last + 1, last)).error().code, errc::storage_full);
  // Retention keeps ~40 KB: room comes back.
  w.set_retention(g, retention_policy{10 * entry_bytes, 0});
  ASSERT_TRUE(testing::retention_passes_done(w));
  EXPECT_EQ(**logs.first_index(g), raft_index{last - 9});
  auto again = submit_and_wait(w, one_entry(g, last + 1, last + 1));
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->last_index, raft_index{last + 1});
  expect_intact(*environment, g, last - 9, last + 1);
}

TEST(map_full, a_larger_map_at_restart_takes_appends_again) {
  testing::temp_dir dir;
  auto config = testing::config_for(dir);
  config.map_size_bytes = uint64_t{1} << 20;
  group_id g{5};
  int64_t last = 0;
  {
    auto environment = testing::open_env(config);
    writer w(*environment);
    last = fill_until_full(w, g, 1);
    ASSERT_GT(last, 0);
  }
  config.map_size_bytes = uint64_t{4} << 20;
  auto environment = testing::open_env(config);
  expect_intact(*environment, g, 1, last);
  writer w(*environment);
  for (int64_t i = last + 1; i <= last + 100; ++i) {
    auto ack = submit_and_wait(w, one_entry(g, i, i));
    ASSERT_TRUE(ack) << "index " << i << ": " << ack.error().describe();
  }
  expect_intact(*environment, g, 1, last + 100);
}

} // namespace
} // namespace strom::storage
