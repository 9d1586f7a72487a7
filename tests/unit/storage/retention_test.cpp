// Retention by size and age, in bounded chunks, through the writer.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/log_store.hpp"
#include "storage/retention.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;
using testing::submit_and_wait;

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Appends [from, to] of 1000-byte entries, stamped `stamp_ms` (0: now), and
// marks everything up to `commit` committed.
result<write_ack> fill(writer& w, group_id group, int64_t from, int64_t to, int64_t commit,
                       int64_t stamp_ms = 0) {
  write_request request;
  request.group = group;
  for (int64_t i = from; i <= to; ++i) {
    request.entries.push_back(make_entry(group, i, 1, 1000, i));
    request.entries.back().timestamp_ms = stamp_ms;
  }
  request.state = hard_state{term_id{1}, std::nullopt, raft_index{commit}};
  return submit_and_wait(w, std::move(request));
}

class retention_test : public ::testing::Test {
protected:
  void SetUp() override {
    config = testing::config_for(dir);
    config.fsync = fsync_policy::never;
    config.retention_chunk_entries_max = 10;
    environment = testing::open_env(config);
    w = std::make_unique<writer>(*environment);
  }

  std::optional<raft_index> first(group_id group) { return *log_store(*environment).first_index(group); }

  testing::temp_dir dir;
  storage_config config;
  std::unique_ptr<env> environment;
  std::unique_ptr<writer> w;
  group_id g{1};
};

TEST_F(retention_test, by_size_keeps_the_newest_bytes_in_chunks) {
  ASSERT_TRUE(fill(*w, g, 1, 100, 100));
  std::vector<retention_event> moves;
  std::mutex m;
  w->set_retention_listener([&](const retention_event& event) {
    std::lock_guard<std::mutex> guard(m);
    moves.push_back(event);
  });
  w->set_retention(g, retention_policy{20 * 1000, 0});
  ASSERT_TRUE(testing::retention_passes_done(*w));
  EXPECT_EQ(first(g), raft_index{81});
  EXPECT_EQ(log_store(*environment).stats(g)->payload_bytes, 20u * 1000);
  std::lock_guard<std::mutex> guard(m);
  // 80 entries in chunks of at most 10: eight moves of the first index.
  ASSERT_EQ(moves.size(), 8u);
  EXPECT_EQ(moves.front().group, g);
  EXPECT_EQ(moves.front().first_index, raft_index{11});
  EXPECT_EQ(moves.front().dropped_last_index, raft_index{10});
  EXPECT_EQ(moves.back().first_index, raft_index{81});
  EXPECT_EQ(moves.back().dropped_last_index, raft_index{80});
  EXPECT_EQ(moves.back().dropped_last_term, term_id{1});
  EXPECT_GE(w->counters().retention_chunks, 8u);
}

TEST_F(retention_test, by_age_drops_only_old_entries) {
  ASSERT_TRUE(fill(*w, g, 1, 30, 0, now_ms() - 3'600'000));
  ASSERT_TRUE(fill(*w, g, 31, 40, 40));
  w->set_retention(g, retention_policy{0, 60'000});
  ASSERT_TRUE(testing::retention_passes_done(*w));
  EXPECT_EQ(first(g), raft_index{31}) << "old entries go, young entries stay";
}

TEST_F(retention_test, never_drops_uncommitted_entries_nor_the_last_one) {
  ASSERT_TRUE(fill(*w, g, 1, 50, 20));
  group_id h{2};
  ASSERT_TRUE(fill(*w, h, 1, 50, 50));
  w->set_retention(g, retention_policy{1, 0});
  w->set_retention(h, retention_policy{1, 0});
  ASSERT_TRUE(testing::retention_passes_done(*w));
  EXPECT_EQ(first(g), raft_index{21});
  EXPECT_EQ(first(h), raft_index{50});
  EXPECT_EQ(**log_store(*environment).last_index(h), raft_index{50});
}

TEST_F(retention_test, groups_without_policy_or_hard_state_keep_everything) {
  ASSERT_TRUE(fill(*w, g, 1, 20, 20));
  write_request no_state;
  no_state.group = group_id{7};
  no_state.entries.push_back(make_entry(no_state.group, 1, 1, 10));
  no_state.entries.push_back(make_entry(no_state.group, 2, 1, 10));
  ASSERT_TRUE(submit_and_wait(*w, no_state));
  w->set_retention(group_id{7}, retention_policy{1, 0});
  ASSERT_TRUE(testing::retention_passes_done(*w));
  EXPECT_EQ(first(g), raft_index{1});
  EXPECT_EQ(first(group_id{7}), raft_index{1});
}

TEST_F(retention_test, the_config_default_applies_to_every_group) {
  w.reset();
  environment.reset();
  config.retention_default = retention_policy{5 * 1000, 0};
  config.retention_check_interval_ms = 20;
  environment = testing::open_env(config);
  w = std::make_unique<writer>(*environment);
  ASSERT_TRUE(fill(*w, g, 1, 30, 30));
  ASSERT_TRUE(fill(*w, group_id{2}, 1, 30, 30));
  ASSERT_TRUE(testing::retention_passes_done(*w));
  EXPECT_EQ(first(g), raft_index{26});
  EXPECT_EQ(first(group_id{2}), raft_index{26});
}

TEST_F(retention_test, one_chunk_is_bounded_and_reports_more) {
  ASSERT_TRUE(fill(*w, g, 1, 25, 25));
  w->stop();
  auto t = environment->begin_write();
  auto step = retain_chunk(environment->dbs(), t->handle(), g, retention_policy{1, 0}, now_ms(), 10);
  ASSERT_TRUE(step);
  EXPECT_EQ(step->dropped, 10u);
  EXPECT_TRUE(step->more);
  EXPECT_EQ(step->first_index, raft_index{11});
  EXPECT_EQ(step->dropped_last_index, raft_index{10});
  EXPECT_EQ(step->dropped_last_term, term_id{1});
}

} // namespace
} // namespace strom::storage
