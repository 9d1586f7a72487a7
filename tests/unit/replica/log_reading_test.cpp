// The partition machine reads [from, to] with both ends included; the
// replica's reader must hand over the last entry too, from storage and from
// the entries not yet stored alike.

#include <gtest/gtest.h>

#include "actors/partition/partition_machine.hpp"
#include "actors/raft/memory_log.hpp"
#include "actors/replica/log_reading.hpp"
#include "tests/unit/partition/batches.hpp"

namespace strom::replica_detail {
namespace {

std::vector<raft::entry> numbered(int first, int last) {
  std::vector<raft::entry> out;
  for (int i = first; i <= last; ++i)
    out.push_back({term_id{1}, raft_index{i}, raft::entry_type::normal, "e" + std::to_string(i)});
  return out;
}

std::vector<int64_t> indexes(const std::vector<raft::entry>& entries) {
  std::vector<int64_t> out;
  for (const auto& e : entries)
    out.push_back(e.index.value());
  return out;
}

TEST(log_reading, both_ends_are_included_stored_or_not) {
  raft::memory_log disk;
  disk.append(numbered(1, 3));
  raft::raft_log log{disk};
  log.truncate_and_append(numbered(4, 5)); // not stored yet
  EXPECT_EQ(indexes(entries_through(log, raft_index{2}, raft_index{5})),
            (std::vector<int64_t>{2, 3, 4, 5}));
  EXPECT_EQ(indexes(entries_through(log, raft_index{3}, raft_index{3})),
            (std::vector<int64_t>{3}));
  EXPECT_EQ(indexes(entries_through(log, raft_index{5}, raft_index{5})),
            (std::vector<int64_t>{5}));
  EXPECT_TRUE(entries_through(log, raft_index{4}, raft_index{3}).empty());
  EXPECT_EQ(indexes(entries_through(log, raft_index{0}, raft_index{9})),
            (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

// A leader admits a producer's batch, its proposal fails (a leadership
// transfer under way), so it forgets its view; the producer retries the
// batch, which the log already holds: the rebuilt view must know it.
TEST(log_reading, a_rebuilt_view_knows_the_last_batch_and_refuses_its_retry) {
  raft::memory_log disk;
  raft::raft_log log{disk};
  partition_machine machine{partition_settings{}};
  auto reader = [&log](raft_index from, raft_index to) { return entries_through(log, from, to); };
  auto batch = test::batch_of(3, test::idempotent(7, 0, 0));
  auto first = batch;
  auto admitted = machine.admit(first, {term_id{1}, raft_index{0}}, reader, 0);
  ASSERT_TRUE(admitted && std::holds_alternative<admitted_batch>(*admitted));
  log.truncate_and_append({{term_id{1}, raft_index{1}, raft::entry_type::normal, first}});
  machine.forget_leader_view();
  EXPECT_EQ(machine.log_end_offset({term_id{1}, raft_index{1}}, reader), record_offset{3});
  auto retry = batch;
  auto again = machine.admit(retry, {term_id{1}, raft_index{1}}, reader, 0);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_TRUE(std::holds_alternative<duplicate_batch>(*again))
    << "the retry would be appended a second time";
}

} // namespace
} // namespace strom::replica_detail
