// What a partition remembers of idempotent producers: appends in sequence,
// retries answered with where they went, gaps and stale epochs refused.

#include <gtest/gtest.h>

#include <limits>

#include "actors/partition/producer_table.hpp"
#include "tests/unit/partition/batches.hpp"

namespace strom {
namespace {

using test::idempotent;
using test::stamped_header;

constexpr int64_t wire_id = 7; // as a batch header carries it
constexpr producer_id producer{wire_id};
constexpr int32_t sequence_max = std::numeric_limits<int32_t>::max();

// Checks the batch as an append and records it at the next offset and index.
class producer_log {
public:
  void append(int count, int16_t epoch, int32_t base_sequence) {
    auto header = stamped_header(count, idempotent(wire_id, epoch, base_sequence), next_offset_);
    auto check = table.check(header);
    ASSERT_TRUE(check) << check.error().describe();
    ASSERT_FALSE(check->duplicate_of) << "sequence " << base_sequence << " taken as a retry";
    table.record(header, raft_index{++index_});
    next_offset_ += count;
  }
  result<sequence_check> check(int count, int16_t epoch, int32_t base_sequence) const {
    return table.check(stamped_header(count, idempotent(wire_id, epoch, base_sequence), 0));
  }

  producer_table table;

private:
  int64_t next_offset_ = 0;
  int64_t index_ = 0;
};

errc code_of(const result<sequence_check>& r) {
  return r ? errc::ok : r.error().code;
}

TEST(producer_table, batches_in_sequence_are_appended_and_remembered) {
  producer_log log;
  log.append(3, 0, 0);
  log.append(2, 0, 3);
  const auto* p = log.table.find(producer);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->recent.size(), 2u);
  EXPECT_EQ(p->recent.back().first_sequence, 3);
  EXPECT_EQ(p->recent.back().last_sequence, 4);
  EXPECT_EQ(p->recent.back().base_offset, record_offset{3});
  EXPECT_EQ(p->recent.back().index, raft_index{2});
}

TEST(producer_table, a_batch_without_a_producer_id_is_always_appended_and_not_remembered) {
  producer_table table;
  auto header = stamped_header(2, producer_identity{}, 0);
  ASSERT_TRUE(table.check(header));
  table.record(header, raft_index{1});
  EXPECT_TRUE(table.check(header));
  EXPECT_EQ(table.size(), 0u);
}

TEST(producer_table, a_retry_is_answered_with_where_the_first_attempt_went) {
  producer_log log;
  log.append(3, 0, 0);
  log.append(2, 0, 3);
  auto retry = log.check(3, 0, 0);
  ASSERT_TRUE(retry) << retry.error().describe();
  ASSERT_TRUE(retry->duplicate_of);
  EXPECT_EQ(retry->duplicate_of->base_offset, record_offset{0});
  EXPECT_EQ(retry->duplicate_of->index, raft_index{1});
}

TEST(producer_table, a_gap_in_sequence_numbers_is_out_of_order) {
  producer_log log;
  log.append(3, 0, 0);
  EXPECT_EQ(code_of(log.check(1, 0, 4)), errc::out_of_order_sequence);
}

TEST(producer_table, a_new_producer_or_epoch_must_start_at_sequence_zero) {
  producer_log log;
  EXPECT_EQ(code_of(log.check(1, 0, 5)), errc::out_of_order_sequence);
  log.append(1, 0, 0);
  EXPECT_EQ(code_of(log.check(1, 1, 1)), errc::out_of_order_sequence);
}

TEST(producer_table, an_older_epoch_is_fenced) {
  producer_log log;
  log.append(1, 0, 0);
  log.append(1, 1, 0);
  EXPECT_EQ(code_of(log.check(1, 0, 1)), errc::producer_fenced);
}

TEST(producer_table, an_epoch_bump_forgets_the_old_epochs_batches) {
  producer_log log;
  log.append(2, 0, 0);
  log.append(2, 0, 2);
  log.append(1, 1, 0);
  const auto* p = log.table.find(producer);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->epoch, 1);
  ASSERT_EQ(p->recent.size(), 1u);
  EXPECT_EQ(p->recent.front().base_offset, record_offset{4});
  EXPECT_TRUE(log.check(1, 1, 1)); // the new epoch goes on from its own batches
}

TEST(producer_table, five_batches_are_remembered_and_an_older_retry_is_a_duplicate_sequence) {
  producer_log log;
  for (int32_t s = 0; s < 6; ++s)
    log.append(1, 0, s);
  ASSERT_EQ(log.table.find(producer)->recent.size(), producer_table::recent_batches_max);
  EXPECT_EQ(code_of(log.check(1, 0, 0)), errc::duplicate_sequence);
  auto oldest_remembered = log.check(1, 0, 1);
  ASSERT_TRUE(oldest_remembered) << oldest_remembered.error().describe();
  ASSERT_TRUE(oldest_remembered->duplicate_of);
  EXPECT_EQ(oldest_remembered->duplicate_of->base_offset, record_offset{1});
}

TEST(producer_table, sequences_wrap_from_int32_max_to_zero) {
  producer_log log;
  log.table.record(stamped_header(1, idempotent(wire_id, 0, sequence_max - 1), 0),
                   raft_index{1});
  log.append(1, 0, sequence_max);
  log.append(2, 0, 0);
  EXPECT_EQ(log.table.find(producer)->recent.back().last_sequence, 1);
}

TEST(producer_table, a_batch_across_the_wrap_ends_at_a_small_sequence) {
  producer_table table;
  table.record(stamped_header(1, idempotent(wire_id, 0, sequence_max - 3), 0), raft_index{1});
  auto across = stamped_header(4, idempotent(wire_id, 0, sequence_max - 2), 1);
  ASSERT_TRUE(table.check(across));
  table.record(across, raft_index{2});
  EXPECT_EQ(table.find(producer)->recent.back().last_sequence, 0);
  auto next = table.check(stamped_header(1, idempotent(wire_id, 0, 1), 5));
  EXPECT_TRUE(next) << next.error().describe();
  auto retry = table.check(across);
  ASSERT_TRUE(retry) << retry.error().describe();
  EXPECT_TRUE(retry->duplicate_of);
}

TEST(producer_table, encoding_and_decoding_gives_the_same_table) {
  producer_log log;
  for (int32_t s = 0; s < 7; ++s)
    log.append(1, 0, s);
  log.table.record(stamped_header(2, idempotent(99, 3, 0), 100), raft_index{50});
  std::string bytes;
  log.table.encode(bytes);
  bytes += "rest";
  std::string_view in{bytes};
  auto decoded = producer_table::decode(in);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  EXPECT_TRUE(*decoded == log.table);
  EXPECT_EQ(in, "rest") << "decode must stop where the table ends";
}

TEST(producer_table, truncated_bytes_are_a_bad_request_at_every_length) {
  producer_log log;
  log.append(2, 0, 0);
  log.append(1, 0, 2);
  std::string bytes;
  log.table.encode(bytes);
  for (size_t length = 0; length < bytes.size(); ++length) {
    std::string_view in{bytes.data(), length};
    auto decoded = producer_table::decode(in);
    ASSERT_FALSE(decoded) << "decoded " << length << " of " << bytes.size() << " bytes";
    EXPECT_EQ(decoded.error().code, errc::bad_request);
  }
}

} // namespace
} // namespace strom
