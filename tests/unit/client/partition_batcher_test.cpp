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
  partition_batcher b{producer_id{7}};
  EXPECT_FALSE(b.due(limits, false));
  b.push(rec(1));
  b.push(rec(2, 10, t0 + 3ms));
  EXPECT_EQ(b.due(limits, false), t0 + 5ms); // the oldest record's linger
  EXPECT_EQ(b.due(limits, true), t0);
}

TEST(partition_batcher, a_full_queue_is_due_at_once) {
  partition_batcher b{producer_id{7}};
  for (uint64_t i = 1; i <= 5; ++i)
    b.push(rec(i, 1000));
  EXPECT_EQ(b.due(limits, false), t0);
}

TEST(partition_batcher, a_batch_holds_the_queued_records_in_order_with_the_next_sequences) {
  partition_batcher b{producer_id{7}};
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

  ASSERT_TRUE(b.complete(first->id));
  b.push(rec(4));
  auto* second = seal_batch(b);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(read_batch_header(second->bytes)->producer.base_sequence, 3);
}

TEST(partition_batcher, records_wait_while_max_in_flight_batches_are_in_flight) {
  partition_batcher b{producer_id{7}};
  batcher_limits two{4096, 5ms, 2};
  b.push(rec(1));
  auto* first = seal_batch(b, two);
  ASSERT_NE(first, nullptr);
  auto first_id = first->id;
  b.push(rec(2));
  auto* second = seal_batch(b, two);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(read_batch_header(second->bytes)->producer.base_sequence, 1)
    << "a batch sealed while another flies takes the sequences after it";
  b.push(rec(3));
  b.push(rec(4));
  EXPECT_FALSE(b.due(two, true)) << "two batches in flight at most";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(b.seal(two)));
  EXPECT_EQ(b.in_flight(), 2u);
  ASSERT_TRUE(b.complete(first_id));
  EXPECT_FALSE(b.complete(first_id)) << "a batch completes once";
  auto* next = seal_batch(b, two);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->tokens, (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(read_batch_header(next->bytes)->producer.base_sequence, 2);
}

TEST(partition_batcher, batches_in_flight_keep_their_bytes_and_order_and_complete_in_any_order) {
  partition_batcher b{producer_id{7}};
  std::vector<uint64_t> ids;
  std::vector<std::string> bytes;
  for (uint64_t i = 1; i <= 3; ++i) {
    b.push(rec(i));
    auto* batch = seal_batch(b);
    ASSERT_NE(batch, nullptr);
    ids.push_back(batch->id);
    bytes.push_back(batch->bytes);
  }
  ASSERT_EQ(b.flights().size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(b.flights()[i].id, ids[i]);
    EXPECT_EQ(b.flights()[i].bytes, bytes[i]) << "a retry sends the same bytes";
  }
  auto middle = b.complete(ids[1]);
  ASSERT_TRUE(middle);
  EXPECT_EQ(middle->tokens, (std::vector<uint64_t>{2}));
  EXPECT_EQ(b.flights().front().id, ids[0]);
  EXPECT_EQ(b.flights().back().id, ids[2]);
  EXPECT_NE(b.find(ids[2]), nullptr);
  EXPECT_EQ(b.find(ids[1]), nullptr);
}

TEST(partition_batcher, giving_up_on_the_oldest_restamps_the_batches_behind_it) {
  partition_batcher b{producer_id{7}};
  for (uint64_t i = 1; i <= 3; ++i) {
    b.push(rec(i));
    b.push(rec(i + 10));
    ASSERT_NE(seal_batch(b), nullptr);
  }
  auto records_before = decode_record_batch(b.flights()[1].bytes);
  auto given_up = b.abandon_front();
  EXPECT_EQ(given_up.tokens, (std::vector<uint64_t>{1, 11}));
  ASSERT_EQ(b.flights().size(), 2u);
  auto h1 = read_batch_header(b.flights()[0].bytes);
  auto h2 = read_batch_header(b.flights()[1].bytes);
  ASSERT_TRUE(h1 && h2);
  EXPECT_EQ(h1->producer.producer_epoch, 1);
  EXPECT_EQ(h1->producer.base_sequence, 0);
  EXPECT_EQ(h2->producer.producer_epoch, 1);
  EXPECT_EQ(h2->producer.base_sequence, 2);
  EXPECT_EQ(b.flights()[1].identity.base_sequence, 2);
  auto records_after = decode_record_batch(b.flights()[0].bytes);
  ASSERT_TRUE(records_after) << "the restamped batch is still valid (CRC untouched)";
  ASSERT_TRUE(records_before);
  EXPECT_EQ((*records_after)[0].key, std::optional<std::string>{"k2"});
  b.push(rec(4));
  auto* next = seal_batch(b);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(read_batch_header(next->bytes)->producer.base_sequence, 4)
    << "new batches follow the restamped ones in the new epoch";
}

TEST(partition_batcher, batches_never_exceed_the_limit) {
  partition_batcher b{producer_id{7}};
  for (uint64_t i = 1; i <= 20; ++i)
    b.push(rec(i, 700));
  std::vector<uint64_t> sent;
  int32_t expected_sequence = 0;
  while (auto* batch = seal_batch(b)) {
    EXPECT_LE(batch->bytes.size(), limits.batch_bytes_max);
    EXPECT_EQ(read_batch_header(batch->bytes)->producer.base_sequence, expected_sequence);
    expected_sequence += static_cast<int32_t>(batch->tokens.size());
    sent.insert(sent.end(), batch->tokens.begin(), batch->tokens.end());
    ASSERT_TRUE(b.complete(batch->id));
  }
  ASSERT_EQ(sent.size(), 20u);
  for (uint64_t i = 0; i < 20; ++i)
    EXPECT_EQ(sent[i], i + 1);
}

TEST(partition_batcher, a_record_too_large_alone_is_refused_and_the_rest_still_go) {
  partition_batcher b{producer_id{7}};
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

TEST(partition_batcher, compressed_batches_carry_kafka_records_in_the_codec_and_decode) {
  batcher_limits zstd = limits;
  zstd.compression = compression_codec::zstd;
  partition_batcher b{producer_id{7}};
  for (uint64_t i = 1; i <= 5; ++i)
    b.push(rec(i, 1000));
  auto* batch = seal_batch(b, zstd);
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->tokens.size(), 3u) << "filled by the records' uncompressed size";
  EXPECT_LT(batch->bytes.size(), 1000u) << "3000 bytes of 'v' compress";
  auto header = read_batch_header(batch->bytes);
  EXPECT_EQ(header->attributes, batch_attribute_kafka_records | 4u);
  auto decoded = decode_record_batch(batch->bytes);
  ASSERT_TRUE(decoded) << decoded.error().describe();
  ASSERT_EQ(decoded->size(), 3u);
  EXPECT_EQ((*decoded)[2].value, std::string(1000, 'v'));
}

TEST(partition_batcher, a_record_too_large_uncompressed_is_refused_though_it_compresses) {
  batcher_limits gzip = limits;
  gzip.compression = compression_codec::gzip;
  partition_batcher b{producer_id{7}};
  b.push(rec(1, 5000));
  auto outcome = b.seal(gzip);
  auto* refused = std::get_if<refused_record>(&outcome);
  ASSERT_NE(refused, nullptr) << "5000 bytes under a limit of 4096 bytes went";
  EXPECT_EQ(refused->reason.code, errc::record_too_large);
}

TEST(partition_batcher, an_abandoned_batch_starts_a_new_epoch_at_sequence_zero) {
  partition_batcher b{producer_id{7}};
  b.push(rec(1));
  b.push(rec(2));
  ASSERT_NE(seal_batch(b), nullptr);
  auto given_up = b.abandon_front();
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
  partition_batcher b{producer_id{7}};
  b.push(rec(1, 10, t0));
  b.push(rec(2, 10, t0 + 10ms));
  auto expired = b.expire(t0 + 5ms);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].token, 1u);
  EXPECT_EQ(b.queued(), 1u);
}

// No jitter, so that each pause can be named exactly.
exponential_backoff steady_backoff() {
  backoff_config c;
  c.delay_initial_ms = 100ms;
  c.delay_max_ms = 1000ms;
  c.jitter = 0.0;
  return exponential_backoff{c};
}

TEST(partition_batcher, an_error_starts_a_round_whose_pause_grows_until_a_success) {
  partition_batcher b{producer_id{7}, steady_backoff()};
  b.push(rec(1));
  auto* batch = seal_batch(b);
  ASSERT_NE(batch, nullptr);
  auto id = batch->id;
  auto first = b.round();
  EXPECT_TRUE(b.sending());
  EXPECT_TRUE(b.answer_counts(first));
  EXPECT_EQ(b.back_off(), 100ms);
  EXPECT_FALSE(b.sending()) << "sends wait for the pause";
  EXPECT_FALSE(b.answer_counts(first)) << "an answer of the old round no longer counts";
  EXPECT_FALSE(b.answer_counts(b.round())) << "nor one while the pause runs";
  EXPECT_FALSE(b.end_back_off(first)) << "a pause of an earlier round ends nothing";
  EXPECT_TRUE(b.end_back_off(b.round()));
  EXPECT_TRUE(b.sending());
  EXPECT_TRUE(b.answer_counts(b.round()));
  EXPECT_FALSE(b.end_back_off(b.round())) << "a pause ends once";
  EXPECT_EQ(b.back_off(), 200ms);
  ASSERT_TRUE(b.end_back_off(b.round()));
  ASSERT_TRUE(b.complete(id));
  EXPECT_EQ(b.back_off(), 100ms) << "a success resets the backoff";
}

TEST(partition_batcher, giving_up_on_a_batch_starts_a_round_and_resets_the_backoff) {
  partition_batcher b{producer_id{7}, steady_backoff()};
  b.push(rec(1));
  ASSERT_NE(seal_batch(b), nullptr);
  b.push(rec(2));
  ASSERT_NE(seal_batch(b), nullptr);
  auto ids = b.flight_ids();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_TRUE(b.is_oldest(ids[0]));
  EXPECT_FALSE(b.is_oldest(ids[1]));
  EXPECT_EQ(b.back_off(), 100ms);
  ASSERT_TRUE(b.end_back_off(b.round()));
  auto before = b.round();
  b.abandon_front();
  EXPECT_NE(b.round(), before) << "the batch behind was restamped: its old sends do not count";
  EXPECT_TRUE(b.is_oldest(ids[1]));
  EXPECT_EQ(b.back_off(), 100ms);
}

} // namespace
} // namespace strom
