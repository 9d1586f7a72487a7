// The write-sequence layout: chunks (one group's consecutive entries at
// consecutive sequences), the chain between them and the sparse indexes.
// Many short chunks of interleaved groups, so that lookups cross chunk
// boundaries, walk the chain and use sparse records; then truncation inside
// a chunk, retention through a chunk and a format 1 directory.

#include <gtest/gtest.h>

#include <map>

#include "storage/log_store.hpp"
#include "storage/retention.hpp"
#include "storage/sparse_index.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;
using testing::payload_for;

// Entry i of a group holds offsets [i*10-10, i*10-1], except every 7th entry,
// which holds none (a no-op).
std::optional<int64_t> offset_of(int64_t index) {
  if (index % 7 == 0)
    return std::nullopt;
  return index * 10 - 1;
}

class chunk_layout_test : public ::testing::Test {
protected:
  void SetUp() override { environment = testing::open_env(testing::config_for(dir)); }

  template <class F>
  void in_txn(F&& f) {
    auto w = environment->begin_write();
    ASSERT_TRUE(w);
    auto ok = f(w->handle());
    ASSERT_TRUE(ok) << ok.error().describe();
    ASSERT_TRUE(w->commit());
  }

  // One commit: each group appends `per_group` entries in `requests` appends;
  // groups take turns, so a group's appends extend one chunk only when
  // requests == 1 (otherwise every append starts a chunk).
  void commit_round(const std::vector<group_id>& groups, int requests, int per_request) {
    in_txn([&](MDB_txn* t) -> result<void> {
      for (int r = 0; r < requests; ++r)
        for (auto g : groups) {
          std::vector<log_entry> entries;
          for (int k = 0; k < per_request; ++k) {
            auto i = next[g.value()]++;
            entries.push_back(make_entry(g, i, 1, 50 + static_cast<size_t>(i % 13), offset_of(i)));
          }
          if (auto ok = log_store::append(environment->dbs(), t, g, entries); !ok)
            return ok;
        }
      return {};
    });
  }

  void expect_every_entry(group_id g, int64_t first, int64_t last, int64_t term = 1) {
    log_store logs(*environment);
    EXPECT_EQ(**logs.first_index(g), raft_index{first});
    EXPECT_EQ(**logs.last_index(g), raft_index{last});
    auto all = logs.read(g, raft_index{0}, raft_index{last + 100}, uint64_t{1} << 30);
    ASSERT_TRUE(all) << all.error().describe();
    ASSERT_EQ(all->size(), static_cast<size_t>(last - first + 1));
    for (int64_t i = first; i <= last; ++i) {
      const auto& e = (*all)[static_cast<size_t>(i - first)];
      ASSERT_EQ(e.index, raft_index{i});
      EXPECT_EQ(e.payload, payload_for(g, e.index, term_id{term}, 50 + static_cast<size_t>(i % 13)));
      auto one = logs.entry(g, raft_index{i});
      ASSERT_TRUE(one) << one.error().describe();
      EXPECT_EQ(one->payload, e.payload);
      // Ranges starting at every index cross chunk boundaries.
      auto some = logs.read(g, raft_index{i}, raft_index{i + 40}, uint64_t{1} << 30);
      ASSERT_TRUE(some) << some.error().describe();
      ASSERT_EQ(some->size(), static_cast<size_t>(std::min(last, i + 40) - i + 1));
      EXPECT_EQ(some->back().index, raft_index{std::min(last, i + 40)});
    }
  }

  // find_offset for every offset the log holds: the entry holding it.
  void expect_every_offset(group_id g, int64_t first, int64_t last) {
    log_store logs(*environment);
    for (int64_t offset = (first - 1) * 10; offset <= last * 10 - 1; ++offset) {
      int64_t expected = offset / 10 + 1;
      while (!offset_of(expected))
        ++expected;
      auto found = logs.find_offset(g, record_offset{offset});
      if (expected > last) {
        EXPECT_EQ(found.error().code, errc::not_found) << "offset " << offset;
        continue;
      }
      ASSERT_TRUE(found) << "offset " << offset << ": " << found.error().describe();
      EXPECT_EQ(*found, raft_index{expected}) << "offset " << offset;
    }
  }

  testing::temp_dir dir;
  std::unique_ptr<env> environment;
  std::map<int64_t, int64_t> next{{1, 1}, {2, 1}, {3, 1}};
  std::vector<group_id> groups{group_id{1}, group_id{2}, group_id{3}};
};

TEST_F(chunk_layout_test, reads_cross_many_chunks_of_interleaved_groups) {
  // Enough chunks for several sparse records per group, of both kinds.
  for (int round = 0; round < 3 * static_cast<int>(unindexed_chunks_max); ++round)
    commit_round(groups, round % 2 == 0 ? 1 : 3, 1 + round % 4);
  for (auto g : groups) {
    expect_every_entry(g, 1, next[g.value()] - 1);
    expect_every_offset(g, 1, next[g.value()] - 1);
  }
}

TEST_F(chunk_layout_test, truncating_inside_a_chunk_then_appending_reads_back_the_new_suffix) {
  for (int round = 0; round < 2 * static_cast<int>(unindexed_chunks_max); ++round)
    commit_round(groups, 1, 5);
  group_id g{2};
  int64_t last = next[2] - 1;
  // Cut in the middle of an early chunk (entries 1-5 were the first chunk),
  // deep before the last sparse records, then append other terms.
  in_txn([&](MDB_txn* t) { return log_store::truncate_suffix(environment->dbs(), t, g, raft_index{23}); });
  expect_every_entry(g, 1, 22);
  expect_every_offset(g, 1, 22);
  next[2] = 23;
  for (int round = 0; round < static_cast<int>(unindexed_chunks_max) + 3; ++round)
    commit_round(groups, 1, 2);
  expect_every_entry(g, 1, next[2] - 1);
  expect_every_offset(g, 1, next[2] - 1);
  EXPECT_GT(last, 22);
  // The other groups did not notice.
  expect_every_entry(group_id{1}, 1, next[1] - 1);
  // Truncating everything (a deleted group) leaves an empty log that takes
  // an append at any index.
  in_txn([&](MDB_txn* t) { return log_store::truncate_suffix(environment->dbs(), t, g, raft_index{0}); });
  log_store logs(*environment);
  EXPECT_FALSE(*logs.last_index(g));
  EXPECT_EQ(logs.stats(g)->entries, 0u);
  EXPECT_EQ(logs.stats(g)->payload_bytes, 0u);
  EXPECT_EQ(logs.find_offset(g, record_offset{5}).error().code, errc::not_found);
  in_txn([&](MDB_txn* t) {
    return log_store::append(environment->dbs(), t, g, {make_entry(g, 40, 1, 50 + 40 % 13, 399)});
  });
  expect_every_entry(g, 40, 40);
}

TEST_F(chunk_layout_test, retention_through_the_middle_of_chunks_keeps_the_rest_readable) {
  for (int round = 0; round < 2 * static_cast<int>(unindexed_chunks_max); ++round)
    commit_round(groups, 1, 6);
  group_id g{3};
  int64_t last = next[3] - 1;
  // Drop in bounded steps that end inside chunks (chunks are 6 entries).
  for (int64_t upto : {4, 9, 50, 101}) {
    in_txn([&](MDB_txn* t) -> result<void> {
      auto dropped = log_store::drop_prefix(environment->dbs(), t, g, raft_index{upto}, 0);
      if (!dropped)
        return dropped.error();
      return {};
    });
    expect_every_entry(g, upto + 1, last);
    expect_every_offset(g, upto + 1, last);
    log_store logs(*environment);
    auto gone = logs.find_offset(g, record_offset{upto * 10 - 1});
    EXPECT_EQ(gone.error().code, errc::offset_out_of_range);
    EXPECT_EQ(logs.entry(g, raft_index{upto}).error().code, errc::not_found);
  }
  // Dropping everything empties the log; appends then start anywhere.
  in_txn([&](MDB_txn* t) -> result<void> {
    auto dropped = log_store::drop_prefix(environment->dbs(), t, g, raft_index{last}, 0);
    return dropped ? result<void>{} : result<void>{dropped.error()};
  });
  EXPECT_FALSE(*log_store(*environment).first_index(g));
  EXPECT_EQ(log_store(*environment).stats(g)->entries, 0u);
}

TEST_F(chunk_layout_test, data_and_chains_survive_reopening) {
  for (int round = 0; round < static_cast<int>(unindexed_chunks_max) + 5; ++round)
    commit_round(groups, 2, 2);
  environment.reset();
  environment = testing::open_env(testing::config_for(dir));
  commit_round(groups, 1, 3);
  for (auto g : groups)
    expect_every_entry(g, 1, next[g.value()] - 1);
}

TEST(chunk_layout, a_format_1_directory_is_refused_by_name_and_left_alone) {
  testing::temp_dir dir;
  // What format 1 left: a "log" database keyed by (group, raft index).
  MDB_env* raw = nullptr;
  ASSERT_EQ(mdb_env_create(&raw), 0);
  mdb_env_set_maxdbs(raw, 8);
  ASSERT_EQ(mdb_env_open(raw, dir.path().c_str(), 0, 0644), 0);
  MDB_txn* t = nullptr;
  ASSERT_EQ(mdb_txn_begin(raw, nullptr, 0, &t), 0);
  MDB_dbi log = 0;
  ASSERT_EQ(mdb_dbi_open(t, "log", MDB_CREATE, &log), 0);
  ASSERT_EQ(mdb_txn_commit(t), 0);
  mdb_env_close(raw);

  auto opened = env::open(testing::config_for(dir));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, errc::data_dir_unusable);
  EXPECT_NE(opened.error().message.find("format 1"), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find(dir.path()), std::string::npos) << opened.error().message;
  // Nothing was created in it: it is refused again the same way.
  EXPECT_EQ(env::open(testing::config_for(dir)).error().code, errc::data_dir_unusable);
}

} // namespace
} // namespace strom::storage
