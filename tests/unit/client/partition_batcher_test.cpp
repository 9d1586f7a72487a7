// The producer's per-partition batching: when a batch goes, what it holds,
// which sequences it carries, and what happens to them when it fails.

#include <gtest/gtest.h>

#include "net/client/partition_batcher.hpp"

namespace strom {
namespace {

using namespace std::chrono_literals;

const client_clock::time_point t0{std::chrono::seconds{1000}};
const batcher_limits limits{4096, 5ms};

queued_record rec(uint64_t token, size_t value_bytes = 10,
                  client_clock::time_point at = t0) {
  record r;
  r.key = "k" + std::to_string(token);
  r.value = std::string(value_bytes, 'v');
  r.timestamp_ms = 1000 + static_cast<int64_t>(token);
  return {std::move(r), token, at};
}

sealed_batch* seal_batch(partition_batcher& b, const batcher_limits& l = limits) {
  auto outcome = b.seal(l);
  auto* sealed = std::get_if<sealed_batch*>(&outcome);
  return sealed ? *sealed : nullptr;
}

TEST(partition_batcher, a_batch_is_due_after_linger_or_at_once_when_flushing) {
  partition_batcher b{7};
  EXPECT_FALSE(b.due(limits, false));
  b.push(rec(1));
  b.push(rec(2, 10, t0 + 3ms));
  EXPECT_EQ(b.due(limits, false), t0 + 5ms); // the oldest record's linger
  EXPECT_EQ(b.due(limits, true), t0);
}

TEST(partition_batcher, a_full_queue_is_due_at_once) {
  partition_batcher b{7};
  for (uint64_t i = 1; i <= 5; ++i)
    b.push(rec(i, 1000));
  EXPECT_EQ(b.due(limits, false), t0);
}

TEST(partition_batcher, a_batch_holds_the_queued_records_in_order_with_the_next_sequences) {
  partition_batcher b{7};
  for (uint64_t i = 1; i <= 3; ++i)
    b.push(rec(i));
  auto* first = seal_batch(b);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->tokens, (std::vector<uint64_t>{1, 2, 3}));
  auto header = read_batch_header(first->bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->producer.producer_id, 7);
  EXPECT_EQ(header->producer.producer_epoch, 0);
  EXPECT_EQ(header->producer.base_sequence, 0);
  EXPECT_EQ(header->records_count, 3);
  auto records = decode_record_batch(first->bytes);
  ASSERT_TRUE(records);
  EXPECT_EQ((*records)[2].key, std::optional<std::string>{"k3"});
  EXPECT_EQ((*records)[2].timestamp_ms, 1003);

  b.complete();
  b.push(rec(4));
  auto* second = seal_batch(b);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(read_batch_header(second->bytes)->producer.base_sequence, 3);
}

TEST(partition_batcher, records_wait_while_a_batch_is_in_flight_and_go_in_the_next) {
  partition_batcher b{7};
  b.push(rec(1));
  ASSERT_NE(seal_batch(b), nullptr);
  b.push(rec(2));
  b.push(rec(3));
  EXPECT_FALSE(b.due(limits, true)) << "one batch in flight per partition";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(b.seal(limits)));
  auto retried = b.flight().bytes;
  EXPECT_EQ(b.flight().bytes, retried) << "a retry sends the same bytes";
  b.complete();
  auto* next = seal_batch(b);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->tokens, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(read_batch_header(next->bytes)->producer.base_sequence, 1);
}

TEST(partition_batcher, batches_never_exceed_the_limit) {
  partition_batcher b{7};
  for (uint64_t i = 1; i <= 20; ++i)
    b.push(rec(i, 700));
  std::vector<uint64_t> sent;
  int32_t expected_sequence = 0;
  while (auto* batch = seal_batch(b)) {
    EXPECT_LE(batch->bytes.size(), limits.batch_bytes_max);
    EXPECT_EQ(read_batch_header(batch->bytes)->producer.base_sequence, expected_sequence);
    expected_sequence += static_cast<int32_t>(batch->tokens.size());
    sent.insert(sent.end(), batch->tokens.begin(), batch->tokens.end());
    b.complete();
  }
  ASSERT_EQ(sent.size(), 20u);
  for (uint64_t i = 0; i < 20; ++i)
    EXPECT_EQ(sent[i], i + 1);
}

TEST(partition_batcher, a_record_too_large_alone_is_refused_and_the_rest_still_go) {
  partition_batcher b{7};
  b.push(rec(1, 5000));
  b.push(rec(2));
  auto outcome = b.seal(limits);
  auto* refused = std::get_if<refused_record>(&outcome);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->record.token, 1u);
  EXPECT_EQ(refused->reason.code, errc::record_too_large);
  auto* batch = seal_batch(b);
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->tokens, (std::vector<uint64_t>{2}));
  EXPECT_EQ(read_batch_header(batch->bytes)->producer.base_sequence, 0)
    << "a refused record takes no sequence";
}

TEST(partition_batcher, an_abandoned_batch_starts_a_new_epoch_at_sequence_zero) {
  partition_batcher b{7};
  b.push(rec(1));
  b.push(rec(2));
  ASSERT_NE(seal_batch(b), nullptr);
  auto given_up = b.abandon();
  EXPECT_EQ(given_up.tokens.size(), 2u);
  b.push(rec(3));
  auto* next = seal_batch(b);
  ASSERT_NE(next, nullptr);
  auto header = read_batch_header(next->bytes);
  EXPECT_EQ(header->producer.producer_epoch, 1);
  EXPECT_EQ(header->producer.base_sequence, 0);
}

TEST(partition_batcher, without_idempotence_batches_carry_no_producer) {
  partition_batcher b;
  b.push(rec(1));
  auto* batch = seal_batch(b);
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(read_batch_header(batch->bytes)->producer.producer_id, -1);
  EXPECT_EQ(read_batch_header(batch->bytes)->producer.base_sequence, -1);
}

TEST(partition_batcher, expiry_takes_only_the_records_queued_before_the_deadline) {
  partition_batcher b{7};
  b.push(rec(1, 10, t0));
  b.push(rec(2, 10, t0 + 10ms));
  auto expired = b.expire(t0 + 5ms);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].token, 1u);
  EXPECT_EQ(b.queued(), 1u);
}

} // namespace
} // namespace strom
