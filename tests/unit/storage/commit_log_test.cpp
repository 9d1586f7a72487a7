// The commit log: its record codec, the file (append, scan, wrap, erase, a
// torn record), which records a recovery replays, and what an open does
// with the log. Power cuts through it: storage_crash_test.

#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include "storage/commit_log.hpp"
#include "storage/commit_log_recovery.hpp"
#include "storage/log_store.hpp"
#include "storage/write_request_codec.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;

write_request every_field() {
  write_request r;
  r.group = group_id{7};
  r.snapshot = snapshot_record{raft_index{4}, term_id{2}, std::string("snap\0shot", 9)};
  r.truncate_from = raft_index{5};
  r.entries.push_back(make_entry(group_id{7}, 5, 3, 100));
  r.entries.back().last_offset = record_offset{41};
  r.entries.back().kind = 2;
  r.entries.push_back(make_entry(group_id{7}, 6, 3, 0));
  r.entries.back().timestamp_ms = 1234;
  r.state = hard_state{term_id{3}, node_id{2}, raft_index{5}};
  r.drop_prefix_upto = raft_index{3};
  return r;
}

void expect_same(const write_request& a, const write_request& b) {
  EXPECT_EQ(a.group, b.group);
  ASSERT_EQ(a.snapshot.has_value(), b.snapshot.has_value());
  if (a.snapshot) {
    EXPECT_EQ(a.snapshot->last_included_index, b.snapshot->last_included_index);
    EXPECT_EQ(a.snapshot->last_included_term, b.snapshot->last_included_term);
    EXPECT_EQ(a.snapshot->data, b.snapshot->data);
  }
  EXPECT_EQ(a.truncate_from, b.truncate_from);
  ASSERT_EQ(a.entries.size(), b.entries.size());
  for (size_t i = 0; i < a.entries.size(); ++i) {
    EXPECT_EQ(a.entries[i].index, b.entries[i].index);
    EXPECT_EQ(a.entries[i].term, b.entries[i].term);
    EXPECT_EQ(a.entries[i].payload, b.entries[i].payload);
    EXPECT_EQ(a.entries[i].last_offset, b.entries[i].last_offset);
    EXPECT_EQ(a.entries[i].kind, b.entries[i].kind);
    EXPECT_EQ(a.entries[i].timestamp_ms, b.entries[i].timestamp_ms);
  }
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.drop_prefix_upto, b.drop_prefix_upto);
}

TEST(commit_log_codec, round_trips_every_field) {
  write_request bare;
  bare.group = group_id{1};
  auto full = every_field();
  std::string bytes;
  encode_requests({&full, &bare}, bytes);
  auto back = decode_requests(bytes);
  ASSERT_TRUE(back) << back.error().describe();
  ASSERT_EQ(back->size(), 2u);
  expect_same((*back)[0], full);
  expect_same((*back)[1], bare);
}

TEST(commit_log_codec, refuses_every_cut_and_trailing_bytes) {
  auto full = every_field();
  std::string bytes;
  encode_requests({&full}, bytes);
  for (size_t size = 0; size < bytes.size(); ++size)
    EXPECT_FALSE(decode_requests(std::string_view{bytes}.substr(0, size))) << size;
  EXPECT_FALSE(decode_requests(bytes + "x"));
  std::string huge_count(8, '\xff');
  EXPECT_FALSE(decode_requests(huge_count));
}

commit_record rec(uint64_t sequence, uint64_t txn) { return {sequence, txn, 0, {}}; }

std::vector<uint64_t> txns_of(const std::vector<const commit_record*>& chain) {
  std::vector<uint64_t> out;
  for (const auto* r : chain)
    out.push_back(r->sequence * 1000 + r->txn);
  return out;
}

TEST(commit_log_chain, follows_the_store_and_stops_at_a_gap) {
  std::vector<commit_record> records{rec(1, 9), rec(2, 10), rec(3, 11), rec(4, 13)};
  EXPECT_EQ(txns_of(replay_chain(records, 9)), (std::vector<uint64_t>{2010, 3011}));
  EXPECT_EQ(txns_of(replay_chain(records, 11)), (std::vector<uint64_t>{}));
  EXPECT_EQ(txns_of(replay_chain(records, 12)), (std::vector<uint64_t>{4013}));
  EXPECT_EQ(txns_of(replay_chain(records, 13)), (std::vector<uint64_t>{}));
}

TEST(commit_log_chain, a_later_record_of_a_transaction_replaces_it_and_what_followed) {
  // 11 failed, and the next commit took its id; seq 3 came before that.
  std::vector<commit_record> records{rec(3, 12), rec(1, 10), rec(2, 11), rec(4, 11), rec(5, 12)};
  EXPECT_EQ(txns_of(replay_chain(records, 9)), (std::vector<uint64_t>{1010, 4011, 5012}));
}

class commit_log_file : public ::testing::Test {
protected:
  std::string path() const { return dir_.path() + "/commit.log"; }
  std::unique_ptr<commit_log> open() {
    auto log = commit_log::open(path(), true, false);
    EXPECT_TRUE(log) << log.error().describe();
    return std::move(*log);
  }
  testing::temp_dir dir_;
  std::function<result<void>()> no_wrap_ = [] {
    ADD_FAILURE() << "wrapped";
    return result<void>{};
  };
};

TEST_F(commit_log_file, is_absent_until_made_and_then_full_size) {
  auto none = commit_log::open(path(), false, false);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, nullptr);
  auto log = open();
  EXPECT_EQ(::access((path() + ".new").c_str(), F_OK), -1);
  auto records = log->scan();
  ASSERT_TRUE(records);
  EXPECT_TRUE(records->empty());
}

TEST_F(commit_log_file, scans_what_it_appended_and_goes_on_after_it) {
  {
    auto log = open();
    ASSERT_TRUE(log->scan());
    ASSERT_TRUE(log->append(5, "five", no_wrap_));
    ASSERT_TRUE(log->append(6, std::string(5000, 's'), no_wrap_));
  }
  auto log = open();
  auto records = log->scan();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].txn, 5u);
  EXPECT_EQ((*records)[0].payload, "five");
  EXPECT_EQ((*records)[1].offset_bytes, commit_log::block_bytes);
  EXPECT_EQ((*records)[1].payload.size(), 5000u);
  ASSERT_TRUE(log->append(7, "seven", no_wrap_));
  records = log->scan();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[2].offset_bytes, 3 * commit_log::block_bytes);
  EXPECT_GT((*records)[2].sequence, (*records)[1].sequence);
}

TEST_F(commit_log_file, wraps_only_after_making_room) {
  auto log = open();
  int wraps = 0;
  auto room = [&] {
    ++wraps;
    return result<void>{};
  };
  std::string big(commit_log::payload_bytes_max, 'b');
  uint64_t per_lap = commit_log::file_bytes / (commit_log::payload_bytes_max + 4096);
  for (uint64_t txn = 1; txn <= per_lap + 1; ++txn)
    ASSERT_TRUE(log->append(txn, big, room));
  EXPECT_EQ(wraps, 1);
  auto records = log->scan();
  ASSERT_TRUE(records);
  EXPECT_EQ(records->front().txn, per_lap + 1) << "the newest record is at the start";
  EXPECT_FALSE(log->append(1, big + "x", room)) << "a record over the maximum";
}

TEST_F(commit_log_file, ignores_a_torn_record_and_forgets_erased_ones) {
  auto log = open();
  ASSERT_TRUE(log->append(1, "one", no_wrap_));
  ASSERT_TRUE(log->append(2, "two", no_wrap_));
  int fd = ::open(path().c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, "X", 1, commit_log::block_bytes + commit_log::header_bytes), 1);
  ::close(fd);
  auto records = log->scan();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  ASSERT_TRUE(log->erase(*records));
  EXPECT_TRUE(log->scan()->empty());
}

// An open changes nothing: the records go on naming the transactions next.
TEST(commit_log_open, an_open_commits_no_transaction_and_a_new_store_wipes_a_log) {
  testing::temp_dir dir;
  auto config = testing::config_for(dir);
  uint64_t last = 0;
  {
    auto environment = testing::open_env(config);
    ASSERT_NE(environment->log(), nullptr);
    writer w(*environment);
    ASSERT_TRUE(testing::submit_and_wait(w, [] {
      write_request r;
      r.group = group_id{1};
      r.entries.push_back(make_entry(group_id{1}, 1, 1, 10));
      return r;
    }()));
    w.stop();
    last = environment->last_txn();
    EXPECT_FALSE(environment->log()->scan()->empty());
  }
  {
    auto environment = testing::open_env(config);
    EXPECT_EQ(environment->last_txn(), last);
    // Records the store already holds stay, harmless: none is past it.
    auto kept = environment->log()->scan();
    ASSERT_TRUE(kept);
    for (const auto& r : *kept)
      EXPECT_LE(r.txn, last);
  }
  // A record beside a store made afresh is another store's.
  ASSERT_EQ(::unlink((dir.path() + "/data.mdb").c_str()), 0);
  auto log = commit_log::open(dir.path() + "/commit.log", false, false);
  ASSERT_TRUE(log && *log);
  ASSERT_TRUE((*log)->scan());
  write_request foreign;
  foreign.group = group_id{9};
  foreign.entries.push_back(make_entry(group_id{9}, 1, 1, 10));
  std::string payload;
  encode_requests({&foreign}, payload);
  ASSERT_TRUE((*log)->append(2, payload, [] { return result<void>{}; }));
  log->reset();
  auto environment = testing::open_env(config);
  EXPECT_TRUE(environment->log()->scan()->empty());
  EXPECT_FALSE(*log_store(*environment).last_index(group_id{9}));
}

} // namespace
} // namespace strom::storage
