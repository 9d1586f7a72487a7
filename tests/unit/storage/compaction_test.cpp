// Log compaction through the writer (storage/compaction.hpp): a changelog
// keeps the last record of every key at its offset, tombstones go after
// their retention, and a reader during a pass always sees a consistent log.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "messages/record_batch.hpp"
#include "storage/log_store.hpp"
#include "storage/writer.hpp"
#include "storage_test_util.hpp"

namespace strom::storage {
namespace {

using testing::submit_and_wait;

constexpr int key_count = 100;
constexpr int update_count = 100'000;
constexpr int records_per_batch = 10;

std::string key_of(int i) { return "key-" + std::to_string(i % key_count); }
std::string value_of(int i) { return "value-" + std::to_string(i); }

// One raft entry holding records [first, first + count) of the changelog:
// record i updates key i % 100 (a tombstone where `tombstone` says so).
log_entry changelog_entry(int64_t index, int first, int count,
                          const std::function<bool(int)>& tombstone) {
  std::vector<record> records;
  for (int i = first; i < first + count; ++i)
    records.push_back(record{key_of(i), tombstone(i) ? std::nullopt
                                                     : std::optional<std::string>{value_of(i)},
                             {}, 1000 + i});
  auto batch = encode_record_batch(records);
  EXPECT_TRUE(batch);
  EXPECT_TRUE(stamp_record_batch(*batch, {record_offset{first}, term_id{1}, std::nullopt}));
  log_entry e;
  e.index = raft_index{index};
  e.term = term_id{1};
  e.payload = std::move(*batch);
  e.last_offset = record_offset{first + count - 1};
  return e;
}

// Every record the log holds, read in one read transaction.
std::vector<stored_record> read_all(env& environment, group_id group) {
  log_store store{environment};
  auto entries = store.read(group, raft_index{1}, raft_index{INT64_MAX}, UINT64_MAX);
  EXPECT_TRUE(entries);
  std::vector<stored_record> out;
  batch_limits any{SIZE_MAX};
  for (const auto& e : *entries) {
    auto records = decode_record_batch(e.payload, any);
    EXPECT_TRUE(records) << records.error().describe();
    auto header = read_batch_header(e.payload);
    EXPECT_EQ(header->last_offset(), *e.last_offset); // offsets never move
    for (auto& r : *records)
      out.push_back(std::move(r));
  }
  return out;
}

class compaction_test : public ::testing::Test {
protected:
  void SetUp() override {
    config = testing::config_for(dir);
    config.fsync = fsync_policy::never;
    config.map_size_bytes = uint64_t{1} << 30;
    config.compaction_pass_interval_ms = 10;
    environment = testing::open_env(config);
    w = std::make_unique<writer>(*environment);
  }

  // The changelog, committed, in batches of ten records.
  void write_changelog(const std::function<bool(int)>& tombstone = [](int) { return false; }) {
    write_request request;
    request.group = g;
    for (int i = 0; i < update_count; i += records_per_batch)
      request.entries.push_back(
        changelog_entry(i / records_per_batch + 1, i, records_per_batch, tombstone));
    int64_t last = update_count / records_per_batch;
    request.state = hard_state{term_id{1}, std::nullopt, raft_index{last}};
    ASSERT_TRUE(submit_and_wait(*w, std::move(request)));
  }

  // Waits for `passes` more finished passes (a bound on a hang, not a clock).
  bool passes_done(uint64_t passes) {
    auto target = w->counters().compaction_passes + passes;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds{120};
    while (w->counters().compaction_passes < target) {
      if (std::chrono::steady_clock::now() > until)
        return false;
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    return true;
  }

  testing::temp_dir dir;
  storage_config config;
  std::unique_ptr<env> environment;
  std::unique_ptr<writer> w;
  group_id g{7};
};

TEST_F(compaction_test, a_changelog_keeps_the_last_value_of_every_key_at_its_offset) {
  write_changelog();
  auto bytes_before = log_store(*environment).stats(g)->payload_bytes;
  w->set_compaction(g, compaction_policy{true, 86'400'000});
  ASSERT_TRUE(passes_done(1));
  auto records = read_all(*environment, g);
  ASSERT_EQ(records.size(), static_cast<size_t>(key_count));
  for (const auto& r : records) {
    // The last update of key k is record 99,900 + k.
    int64_t expected = update_count - key_count + r.offset.value() % key_count;
    EXPECT_EQ(r.offset.value(), expected);
    EXPECT_EQ(*r.key, key_of(static_cast<int>(expected)));
    EXPECT_EQ(*r.value, value_of(static_cast<int>(expected)));
  }
  // Every entry stays (raft's log), far smaller.
  EXPECT_EQ(*log_store(*environment).last_index(g), raft_index{update_count / records_per_batch});
  EXPECT_LT(log_store(*environment).stats(g)->payload_bytes, bytes_before / 2);
  EXPECT_EQ(w->counters().compaction_records_removed, uint64_t{update_count - key_count});
}

TEST_F(compaction_test, tombstones_delete_their_key_after_their_retention) {
  // The last update of keys 0..9 is a tombstone.
  write_changelog([](int i) { return i >= update_count - key_count && i % key_count < 10; });
  w->set_compaction(g, compaction_policy{true, 86'400'000});
  ASSERT_TRUE(passes_done(1));
  auto records = read_all(*environment, g);
  ASSERT_EQ(records.size(), static_cast<size_t>(key_count)); // the tombstones stay a day
  int tombstones = 0;
  for (const auto& r : records)
    tombstones += r.value ? 0 : 1;
  EXPECT_EQ(tombstones, 10);

  w->set_compaction(g, compaction_policy{true, 0});
  ASSERT_TRUE(passes_done(1));
  records = read_all(*environment, g);
  ASSERT_EQ(records.size(), static_cast<size_t>(key_count - 10));
  for (const auto& r : records) {
    EXPECT_TRUE(r.value.has_value());
    EXPECT_GE(r.offset.value() % key_count, 10);
  }
}

// A reader at the end always finds a record there: the log's last record
// stays, even a tombstone past its retention, until another comes.
TEST_F(compaction_test, the_last_record_stays) {
  write_changelog();
  auto append = [&](int64_t index, int record, bool tombstone) {
    write_request request;
    request.group = g;
    request.entries.push_back(changelog_entry(index, record, 1, [&](int) { return tombstone; }));
    request.state = hard_state{term_id{1}, std::nullopt, raft_index{index}};
    ASSERT_TRUE(submit_and_wait(*w, std::move(request)));
  };
  int64_t last = update_count / records_per_batch;
  append(last + 1, update_count + 5, true); // deletes key-5
  w->set_compaction(g, compaction_policy{true, 0});
  ASSERT_TRUE(passes_done(1));
  auto records = read_all(*environment, g);
  ASSERT_EQ(records.size(), static_cast<size_t>(key_count));
  EXPECT_EQ(records.back().offset.value(), update_count + 5);
  EXPECT_FALSE(records.back().value) << "the tombstone stays while it is the last record";

  append(last + 2, update_count + 7, false); // updates key-7
  ASSERT_TRUE(passes_done(1));
  records = read_all(*environment, g);
  ASSERT_EQ(records.size(), static_cast<size_t>(key_count - 1)) << "key-5 gone, key-7 once";
  for (const auto& r : records)
    EXPECT_NE(*r.key, key_of(5));
  EXPECT_EQ(records.back().offset.value(), update_count + 7);
}

TEST_F(compaction_test, readers_during_a_pass_see_a_consistent_log) {
  write_changelog();
  // Slow enough that readers meet the pass half done: 100,000 records at
  // about 3 MB, at 8 MB/s (read and rewritten) several hundred ms.
  w.reset();
  environment.reset();
  config.compaction_bytes_per_s = 8 << 20;
  environment = testing::open_env(config);
  w = std::make_unique<writer>(*environment);
  w->set_compaction(g, compaction_policy{true, 86'400'000});
  auto target = w->counters().compaction_passes + 1;
  int reads = 0, partial = 0;
  while (w->counters().compaction_passes < target && reads < 10'000) {
    auto records = read_all(*environment, g);
    ++reads;
    std::map<std::string, int64_t> last;
    int64_t previous = -1;
    for (const auto& r : records) {
      ASSERT_GT(r.offset.value(), previous); // in order, never repeated
      previous = r.offset.value();
      ASSERT_EQ(*r.value, value_of(static_cast<int>(r.offset.value())));
      last[*r.key] = r.offset.value();
    }
    // Whatever the pass removed so far, every key's last value is there.
    ASSERT_EQ(last.size(), static_cast<size_t>(key_count));
    for (const auto& [key, offset] : last)
      ASSERT_GE(offset, update_count - key_count) << key;
    partial += records.size() > static_cast<size_t>(key_count) &&
                   records.size() < static_cast<size_t>(update_count)
                 ? 1
                 : 0;
  }
  ASSERT_TRUE(passes_done(0));
  EXPECT_GT(partial, 0) << "no read met the pass half done in " << reads << " reads";
  EXPECT_EQ(read_all(*environment, g).size(), static_cast<size_t>(key_count));
}

} // namespace
} // namespace strom::storage
