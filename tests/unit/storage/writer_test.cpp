// The writer: group commit, ordering, policies, back-pressure, shutdown.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "storage/log_store.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::make_entry;
using testing::payload_for;
using testing::submit_and_wait;

write_request append_request(group_id group, int64_t from, int64_t to, int64_t term = 1) {
  write_request request;
  request.group = group;
  for (int64_t i = from; i <= to; ++i)
    request.entries.push_back(make_entry(group, i, term, 200));
  return request;
}

// Holds the writer thread inside a callback until released, so tests can
// fill the queue behind it deterministically. Under fsync=never (and
// interval) callbacks run on the writer thread (see held_config); under always they run
// on the thread that settles commits, and the writer goes on.
struct gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool entered = false, open = false;

  write_callback blocker() {
    return [this](result<write_ack>) {
      std::unique_lock<std::mutex> lock(mutex);
      entered = true;
      cv.notify_all();
      cv.wait(lock, [this] { return open; });
    };
  }
  void wait_entered() {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [this] { return entered; });
  }
  void release() {
    std::lock_guard<std::mutex> guard(mutex);
    open = true;
    cv.notify_all();
  }
};

// A config whose callbacks run on the writer thread, so a gate can hold it.
storage_config held_config(const testing::temp_dir& dir) {
  auto config = testing::config_for(dir);
  config.fsync = fsync_policy::never;
  return config;
}

TEST(writer, acks_the_durable_last_index_of_the_group) {
  testing::temp_dir dir;
  auto environment = testing::open_env(testing::config_for(dir));
  writer w(*environment);
  auto ack = submit_and_wait(w, append_request(group_id{1}, 1, 5));
  ASSERT_TRUE(ack) << ack.error().describe();
  EXPECT_EQ(ack->group, group_id{1});
  EXPECT_EQ(ack->last_index, raft_index{5});
  ack = submit_and_wait(w, append_request(group_id{1}, 6, 6));
  EXPECT_EQ(ack->last_index, raft_index{6});
  EXPECT_GE(w.counters().fsyncs, 2u);
}

TEST(writer, gathers_many_groups_into_few_commits) {
  testing::temp_dir dir;
  auto environment = testing::open_env(held_config(dir));
  writer w(*environment);
  gate hold;
  ASSERT_TRUE(w.submit(append_request(group_id{999}, 1, 1), hold.blocker()));
  hold.wait_entered();
  // 64 groups queue up while the writer is held: they must commit together.
  std::atomic<int> acked{0};
  for (int g = 0; g < 64; ++g)
    ASSERT_TRUE(w.submit(append_request(group_id{g}, 1, 3), [&](result<write_ack> r) {
      EXPECT_TRUE(r);
      EXPECT_EQ(r->last_index, raft_index{3});
      ++acked;
    }));
  auto before = w.counters().commits;
  hold.release();
  w.stop();
  EXPECT_EQ(acked.load(), 64);
  EXPECT_LE(w.counters().commits - before, 2u) << "64 requests should share one commit";
  log_store logs(*environment);
  for (int g = 0; g < 64; ++g)
    EXPECT_EQ(**logs.last_index(group_id{g}), raft_index{3});
}

TEST(writer, a_failing_request_fails_alone) {
  testing::temp_dir dir;
  auto environment = testing::open_env(held_config(dir));
  writer w(*environment);
  gate hold;
  ASSERT_TRUE(w.submit(append_request(group_id{1}, 1, 1), hold.blocker()));
  hold.wait_entered();
  std::vector<result<write_ack>> outcomes(3, result<write_ack>{errc::timeout});
  auto keep = [&](size_t i) { return [&, i](result<write_ack> r) { outcomes[i] = r; }; };
  ASSERT_TRUE(w.submit(append_request(group_id{2}, 1, 2), keep(0)));
  ASSERT_TRUE(w.submit(append_request(group_id{1}, 5, 5), keep(1))); // gap after 1
  ASSERT_TRUE(w.submit(append_request(group_id{3}, 1, 1), keep(2)));
  hold.release();
  w.stop();
  EXPECT_TRUE(outcomes[0]);
  ASSERT_FALSE(outcomes[1]);
  EXPECT_EQ(outcomes[1].error().code, errc::bad_request);
  EXPECT_TRUE(outcomes[2]);
  log_store logs(*environment);
  EXPECT_EQ(**logs.last_index(group_id{1}), raft_index{1});
  EXPECT_EQ(**logs.last_index(group_id{2}), raft_index{2});
  EXPECT_EQ(**logs.last_index(group_id{3}), raft_index{1});
}

TEST(writer, truncation_append_and_hard_state_apply_in_order) {
  testing::temp_dir dir;
  auto environment = testing::open_env(testing::config_for(dir));
  writer w(*environment);
  ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, 1, 10, 1)));
  write_request conflict = append_request(group_id{1}, 6, 7, 2);
  conflict.truncate_from = raft_index{6};
  conflict.state = hard_state{term_id{2}, node_id{1}, raft_index{5}};
  auto ack = submit_and_wait(w, conflict);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->last_index, raft_index{7});
  write_request only_truncate;
  only_truncate.group = group_id{1};
  only_truncate.truncate_from = raft_index{7};
  EXPECT_EQ(submit_and_wait(w, only_truncate)->last_index, raft_index{6});
  w.stop();
  log_store logs(*environment);
  EXPECT_EQ(logs.entry(group_id{1}, raft_index{6})->term, term_id{2});
  EXPECT_EQ(logs.entry(group_id{1}, raft_index{5})->term, term_id{1});
  auto state = raft_state_store(*environment).load_hard_state(group_id{1});
  EXPECT_EQ((*state)->commit_index, raft_index{5});
  EXPECT_EQ((*state)->voted_for, node_id{1});
}

TEST(writer, snapshot_then_drop_prefix_compacts_the_log) {
  testing::temp_dir dir;
  auto environment = testing::open_env(testing::config_for(dir));
  writer w(*environment);
  ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, 1, 10)));
  write_request compact;
  compact.group = group_id{1};
  compact.snapshot = snapshot_record{raft_index{8}, term_id{1}, "machine"};
  compact.drop_prefix_upto = raft_index{8};
  EXPECT_EQ(submit_and_wait(w, compact)->last_index, raft_index{10});
  log_store logs(*environment);
  EXPECT_EQ(**logs.first_index(group_id{1}), raft_index{9});
  EXPECT_EQ((*raft_state_store(*environment).load_snapshot(group_id{1}))->data, "machine");
}

// The ack of an append names its last entry without a lookup; these are the
// cases where that entry is not the log's end unless the writer checks.
TEST(writer, acks_the_log_end_after_an_overlapping_append_or_a_drop) {
  testing::temp_dir dir;
  auto environment = testing::open_env(testing::config_for(dir));
  writer w(*environment);
  ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, 1, 10)));
  EXPECT_EQ(submit_and_wait(w, append_request(group_id{1}, 3, 4, 2))->last_index, raft_index{4});
  write_request append_and_drop = append_request(group_id{1}, 5, 6, 2);
  append_and_drop.drop_prefix_upto = raft_index{6};
  EXPECT_EQ(submit_and_wait(w, append_and_drop)->last_index, raft_index{0});
}

TEST(writer, a_full_queue_refuses_with_storage_busy) {
  testing::temp_dir dir;
  auto config = held_config(dir);
  config.writer_queue_requests_max = 4;
  auto environment = testing::open_env(config);
  writer w(*environment);
  gate hold;
  ASSERT_TRUE(w.submit(append_request(group_id{1}, 1, 1), hold.blocker()));
  hold.wait_entered();
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(w.submit(append_request(group_id{2}, i + 1, i + 1), nullptr));
  auto refused = w.submit(append_request(group_id{2}, 5, 5), nullptr);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::storage_busy);
  hold.release();
  // Once drained, the queue takes requests again (busy until the writer
  // has taken the four queued ones).
  result<write_ack> later{errc::storage_busy};
  // A bound on a hang (60 s), not a claim of speed.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!later && later.error().code == errc::storage_busy
         && std::chrono::steady_clock::now() < until) {
    later = submit_and_wait(w, append_request(group_id{2}, 5, 5));
    if (!later)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(later) << later.error().describe();
  EXPECT_EQ(later->last_index, raft_index{5});
}

TEST(writer, the_byte_bound_also_applies) {
  testing::temp_dir dir;
  auto config = held_config(dir);
  config.writer_queue_bytes_max = 1000;
  auto environment = testing::open_env(config);
  writer w(*environment);
  gate hold;
  ASSERT_TRUE(w.submit(append_request(group_id{1}, 1, 1), hold.blocker()));
  hold.wait_entered();
  ASSERT_TRUE(w.submit(append_request(group_id{2}, 1, 3), nullptr)); // ~664 bytes
  EXPECT_EQ(w.submit(append_request(group_id{2}, 4, 6), nullptr).error().code,
            errc::storage_busy);
  hold.release();
}

TEST(writer, stop_drains_everything_queued_and_then_refuses) {
  testing::temp_dir dir;
  auto config = testing::config_for(dir);
  config.fsync = fsync_policy::never;
  {
    auto environment = testing::open_env(config);
    writer w(*environment);
    std::atomic<int> acked{0};
    for (int i = 1; i <= 200; ++i)
      ASSERT_TRUE(w.submit(append_request(group_id{1}, i, i), [&](result<write_ack> r) {
        acked += r ? 1 : 0;
      }));
    w.stop();
    EXPECT_EQ(acked.load(), 200);
    EXPECT_EQ(w.submit(append_request(group_id{1}, 201, 201), nullptr).error().code,
              errc::shutting_down);
  }
  auto environment = testing::open_env(config);
  EXPECT_EQ(**log_store(*environment).last_index(group_id{1}), raft_index{200});
}

write_request state_only(group_id group) {
  write_request request;
  request.group = group;
  return request;
}

storage_config interval_config(const testing::temp_dir& dir, uint32_t interval_ms) {
  auto config = testing::config_for(dir);
  config.fsync = fsync_policy::interval;
  config.fsync_interval_ms = interval_ms;
  return config;
}

TEST(writer, interval_policy_acks_once_written_and_syncs_when_due) {
  testing::temp_dir dir;
  auto environment = testing::open_env(interval_config(dir, 50));
  writer w(*environment);
  auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= 6; ++i)
    ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, i, i)));
  EXPECT_EQ(**log_store(*environment).last_index(group_id{1}), raft_index{6});
  // The sync comes on its own, without another write to bring it.
  auto deadline = start + std::chrono::seconds(10);
  while (w.counters().fsyncs == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  EXPECT_GE(w.counters().fsyncs, 1u) << "nothing synced the interval's writes";
  // No more fsyncs than intervals passed (a slow machine only loosens it).
  auto intervals = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start).count() / 50;
  EXPECT_LE(w.counters().fsyncs, static_cast<uint64_t>(intervals) + 1);
}

TEST(writer, interval_policy_never_holds_an_ack_for_the_sync) {
  testing::temp_dir dir;
  auto environment = testing::open_env(interval_config(dir, 3'600'000));
  writer w(*environment);
  for (int i = 1; i <= 6; ++i) {
    ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, i, i)));
    EXPECT_EQ(w.counters().fsyncs, 0u) << "append " << i << " waited for a sync";
  }
  w.stop();
  EXPECT_EQ(w.counters().fsyncs, 1u) << "a clean stop syncs what is dirty";
}

// Losing a vote in a power cut would let the node vote twice in one term.
TEST(writer, interval_policy_syncs_a_new_term_or_vote_before_its_ack) {
  testing::temp_dir dir;
  auto environment = testing::open_env(interval_config(dir, 3'600'000));
  writer w(*environment);
  auto with_state = [](write_request request, int64_t term, std::optional<int> vote,
                       int64_t commit) {
    request.state = hard_state{term_id{term}, {}, raft_index{commit}};
    if (vote)
      request.state->voted_for = node_id{static_cast<int>(*vote)};
    return request;
  };
  ASSERT_TRUE(submit_and_wait(w, with_state(append_request(group_id{1}, 1, 1), 1, 2, 0)));
  EXPECT_EQ(w.counters().fsyncs, 1u) << "the first term and vote were acked unsynced";
  ASSERT_TRUE(submit_and_wait(w, with_state(append_request(group_id{1}, 2, 3), 1, 2, 1)));
  EXPECT_EQ(w.counters().fsyncs, 1u) << "a commit index alone was synced";
  ASSERT_TRUE(submit_and_wait(w, with_state(state_only(group_id{1}), 2, std::nullopt, 1)));
  EXPECT_EQ(w.counters().fsyncs, 2u) << "a new term was acked unsynced";
  ASSERT_TRUE(submit_and_wait(w, with_state(state_only(group_id{1}), 2, 3, 1)));
  EXPECT_EQ(w.counters().fsyncs, 3u) << "a new vote was acked unsynced";
  ASSERT_TRUE(submit_and_wait(w, with_state(state_only(group_id{2}), 1, std::nullopt, 0)));
  EXPECT_EQ(w.counters().fsyncs, 4u) << "a group's first hard state was acked unsynced";
}

TEST(writer, never_policy_acks_without_fsync) {
  testing::temp_dir dir;
  auto config = testing::config_for(dir);
  config.fsync = fsync_policy::never;
  auto environment = testing::open_env(config);
  writer w(*environment);
  for (int i = 1; i <= 20; ++i)
    ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, i, i)));
  EXPECT_EQ(w.counters().fsyncs, 0u);
  EXPECT_EQ(**log_store(*environment).last_index(group_id{1}), raft_index{20});
}

TEST(writer, always_policy_fsyncs_before_every_ack) {
  testing::temp_dir dir;
  auto environment = testing::open_env(testing::config_for(dir));
  writer w(*environment);
  for (int i = 1; i <= 10; ++i) {
    auto before = w.counters().fsyncs;
    ASSERT_TRUE(submit_and_wait(w, append_request(group_id{1}, i, i)));
    // The commit's own fdatasync, then one that covers its meta page.
    EXPECT_GE(w.counters().fsyncs, before + 2) << "ack " << i << " came before its meta page was synced";
  }
}

TEST(writer, always_policy_acks_in_submission_order_and_fails_alone) {
  testing::temp_dir dir;
  auto environment = testing::open_env(testing::config_for(dir));
  writer w(*environment);
  std::mutex mutex;
  std::vector<int> order;
  std::vector<bool> ok;
  auto keep = [&](int i) {
    return [&, i](result<write_ack> r) {
      std::lock_guard<std::mutex> guard(mutex);
      order.push_back(i);
      ok.push_back(static_cast<bool>(r));
    };
  };
  int submitted = 0;
  for (int round = 1; round <= 20; ++round)
    for (int g = 0; g < 8; ++g)
      ASSERT_TRUE(w.submit(append_request(group_id{g}, round, round), keep(submitted++)));
  ASSERT_TRUE(w.submit(append_request(group_id{0}, 99, 99), keep(submitted++))); // a gap
  w.stop();
  ASSERT_EQ(order.size(), static_cast<size_t>(submitted));
  for (int i = 0; i < submitted; ++i) {
    EXPECT_EQ(order[i], i);
    EXPECT_EQ(ok[i], i < submitted - 1) << "request " << i;
  }
  EXPECT_EQ(**log_store(*environment).last_index(group_id{7}), raft_index{20});
}

} // namespace
} // namespace strom::storage
