// The partition's state machine: the committed view every replica applies,
// and the leader's view that stamps offsets and recognises retries of batches
// still in flight, rebuilt from the raft log when leadership moves.

#include <gtest/gtest.h>

#include <map>

#include "actors/partition/partition_machine.hpp"
#include "tests/unit/partition/batches.hpp"

namespace strom {
namespace {

using test::batch_of;
using test::entry_of;
using test::idempotent;
using test::marker_entry;

constexpr int64_t now_ms = 1'700'000'000'000;

// A leader's raft log in memory: what admit() reads back after a term change.
class memory_log {
public:
  void append(raft::entry e) { entries_[e.index.value()] = std::move(e); }
  raft_index last_index() const {
    return raft_index{entries_.empty() ? 0 : entries_.rbegin()->first};
  }
  raft_log_reader reader() {
    return [this](raft_index from, raft_index to) {
      ++reads;
      std::vector<raft::entry> out;
      for (auto it = entries_.lower_bound(from.value());
           it != entries_.end() && it->first <= to.value(); ++it)
        out.push_back(it->second);
      return out;
    };
  }
  const raft::entry& at(int64_t index) const { return entries_.at(index); }

  int reads = 0;

private:
  std::map<int64_t, raft::entry> entries_;
};

// A leader that admits batches into its log in one term.
struct leader {
  explicit leader(partition_settings settings = {}) : machine(settings) {}

  partition_machine machine;
  memory_log log;
  term_id term{1};

  result<admission> produce(std::string batch) {
    leader_position at{term, log.last_index()};
    auto admitted = machine.admit(batch, at, log.reader(), now_ms);
    if (admitted && std::holds_alternative<admitted_batch>(*admitted))
      log.append(raft::entry{term, at.last_index.next(),
                             raft::entry_type::normal, batch});
    return admitted;
  }
  record_offset log_end() {
    return machine.log_end_offset({term, log.last_index()}, log.reader());
  }
};

record_offset base_of(const result<admission>& a) {
  EXPECT_TRUE(a) << a.error().describe();
  if (!a || !std::holds_alternative<admitted_batch>(*a))
    return record_offset{-1};
  return std::get<admitted_batch>(*a).header.base_offset;
}

TEST(partition_machine, applying_committed_batches_advances_the_high_watermark) {
  partition_machine machine;
  EXPECT_EQ(machine.high_watermark(), record_offset{0});
  machine.apply(entry_of(1, 1, 0, 3));
  machine.apply(entry_of(2, 1, 3, 2, idempotent(5, 0, 0)));
  EXPECT_EQ(machine.high_watermark(), record_offset{5});
  EXPECT_EQ(machine.applied_index(), raft_index{2});
  ASSERT_NE(machine.producers().find(producer_id{5}), nullptr);
  EXPECT_EQ(machine.producers().find(producer_id{5})->recent.back().base_offset, record_offset{3});
}

TEST(partition_machine, admit_stamps_base_offsets_one_after_another_by_record_count) {
  leader l;
  EXPECT_EQ(base_of(l.produce(batch_of(3))), record_offset{0});
  EXPECT_EQ(base_of(l.produce(batch_of(1))), record_offset{3});
  EXPECT_EQ(base_of(l.produce(batch_of(4))), record_offset{4});
  EXPECT_EQ(l.log_end(), record_offset{8});
  EXPECT_EQ(l.machine.high_watermark(), record_offset{0}) << "nothing is committed yet";
  auto stored = read_batch_header(l.log.at(2).payload);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->base_offset, record_offset{3}) << "the batch was stamped in place";
  EXPECT_EQ(stored->term, term_id{1});
}

TEST(partition_machine, log_append_time_topics_stamp_the_leaders_clock) {
  leader l{partition_settings{{}, true}};
  ASSERT_EQ(base_of(l.produce(batch_of(2))), record_offset{0});
  auto records = decode_record_batch(l.log.at(1).payload);
  ASSERT_TRUE(records) << records.error().describe();
  for (const auto& r : *records)
    EXPECT_EQ(r.timestamp_ms, now_ms);
}

TEST(partition_machine, a_too_large_batch_is_refused_and_changes_nothing) {
  leader l{partition_settings{batch_limits{200}, false}};
  ASSERT_EQ(base_of(l.produce(batch_of(1))), record_offset{0});
  auto big = l.produce(batch_of(50, idempotent(3, 0, 0)));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, errc::record_too_large);
  EXPECT_EQ(l.log_end(), record_offset{1});
  EXPECT_EQ(base_of(l.produce(batch_of(1))), record_offset{1});
}

TEST(partition_machine, a_garbage_batch_is_a_bad_request_and_changes_nothing) {
  leader l;
  ASSERT_EQ(base_of(l.produce(batch_of(2))), record_offset{0});
  auto garbage = batch_of(2);
  garbage[garbage.size() - 1] ^= 0x5a; // inside the records: the CRC no longer matches
  std::string before = garbage;
  auto refused = l.machine.admit(garbage, {l.term, l.log.last_index()}, l.log.reader(), now_ms);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::bad_request);
  EXPECT_EQ(garbage, before) << "a refused batch is not stamped";
  auto noise = l.produce("not a batch at all");
  ASSERT_FALSE(noise);
  EXPECT_EQ(noise.error().code, errc::bad_request);
  EXPECT_EQ(l.log_end(), record_offset{2});
}

TEST(partition_machine, a_retry_of_a_batch_in_flight_is_a_duplicate_of_it) {
  leader l;
  ASSERT_EQ(base_of(l.produce(batch_of(2, idempotent(9, 0, 0)))), record_offset{0});
  auto retry = l.produce(batch_of(2, idempotent(9, 0, 0)));
  ASSERT_TRUE(retry) << retry.error().describe();
  ASSERT_TRUE(std::holds_alternative<duplicate_batch>(*retry));
  EXPECT_EQ(std::get<duplicate_batch>(*retry).index, raft_index{1});
  EXPECT_EQ(l.log.last_index(), raft_index{1}) << "a duplicate is not appended";
}

TEST(partition_machine, a_new_leader_rebuilds_its_view_from_the_log_it_inherited) {
  // The old leader appended two batches that never committed; the new leader
  // holds them in its log after the committed one, then its own no-op.
  partition_machine machine;
  memory_log log;
  log.append(entry_of(1, 1, 0, 3));
  log.append(entry_of(2, 1, 3, 2, idempotent(9, 0, 0)));
  log.append(entry_of(3, 1, 5, 1, idempotent(9, 0, 2)));
  log.append(marker_entry(4, 2, raft::entry_type::noop));
  log.append(marker_entry(5, 2, raft::entry_type::config));
  machine.apply(log.at(1));
  leader_position at{term_id{2}, raft_index{5}};

  auto retry = batch_of(2, idempotent(9, 0, 0));
  auto answer = machine.admit(retry, at, log.reader(), now_ms);
  ASSERT_TRUE(answer) << answer.error().describe();
  ASSERT_TRUE(std::holds_alternative<duplicate_batch>(*answer));
  EXPECT_EQ(std::get<duplicate_batch>(*answer).index, raft_index{2});
  EXPECT_EQ(std::get<duplicate_batch>(*answer).base_offset, record_offset{3});

  auto next = batch_of(1, idempotent(9, 0, 3));
  auto admitted = machine.admit(next, at, log.reader(), now_ms);
  EXPECT_EQ(base_of(admitted), record_offset{6}) << "no-op and config entries hold no records";
  EXPECT_EQ(machine.high_watermark(), record_offset{3});
}

TEST(partition_machine, the_leader_view_is_read_again_only_when_the_log_moved) {
  leader l;
  l.log.append(entry_of(1, 1, 0, 2));
  l.machine.apply(l.log.at(1));
  ASSERT_EQ(base_of(l.produce(batch_of(1))), record_offset{2});
  ASSERT_EQ(base_of(l.produce(batch_of(1))), record_offset{3});
  EXPECT_EQ(l.log.reads, 0) << "the view followed its own appends";
  l.term = term_id{2};
  l.log.append(marker_entry(4, 2, raft::entry_type::noop));
  EXPECT_EQ(base_of(l.produce(batch_of(1))), record_offset{4});
  EXPECT_EQ(l.log.reads, 1);
}

TEST(partition_machine, a_forgotten_view_is_rebuilt_without_the_batch_that_never_got_in) {
  leader l;
  ASSERT_EQ(base_of(l.produce(batch_of(2))), record_offset{0});
  auto refused_by_core = batch_of(5);
  leader_position at{l.term, l.log.last_index()};
  ASSERT_EQ(base_of(l.machine.admit(refused_by_core, at, l.log.reader(), now_ms)),
            record_offset{2});
  l.machine.forget_leader_view();
  EXPECT_EQ(base_of(l.produce(batch_of(1))), record_offset{2});
}

TEST(partition_machine, a_snapshot_restores_the_committed_view) {
  partition_machine machine;
  machine.apply(entry_of(1, 1, 0, 3, idempotent(4, 2, 0)));
  machine.apply(entry_of(3, 1, 3, 2, idempotent(8, 0, 0)));
  partition_machine restored;
  restored.restore(machine.snapshot());
  EXPECT_EQ(restored.high_watermark(), record_offset{5});
  EXPECT_EQ(restored.applied_index(), raft_index{3});
  EXPECT_TRUE(restored.producers() == machine.producers());
  EXPECT_EQ(restored.snapshot(), machine.snapshot());
  EXPECT_EQ(restored.describe(), "high_watermark=5 producers=2");
}

TEST(partition_machine, last_offset_of_names_a_batchs_last_record_and_nothing_else) {
  partition_machine machine;
  EXPECT_EQ(machine.last_offset_of(entry_of(1, 1, 10, 3)), record_offset{12});
  EXPECT_EQ(machine.last_offset_of(marker_entry(2, 1, raft::entry_type::noop)), std::nullopt);
  EXPECT_EQ(machine.last_offset_of(marker_entry(3, 1, raft::entry_type::config)), std::nullopt);
  raft::entry garbage{term_id{1}, raft_index{4}, raft::entry_type::normal, "garbage"};
  EXPECT_EQ(machine.last_offset_of(garbage), std::nullopt);
}

} // namespace
} // namespace strom
