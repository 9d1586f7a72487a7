#include "net/client/partition_batcher.hpp"

#include <cassert>
#include <limits>

namespace strom {

namespace {

// Proto framing: a record's tags, lengths and varints, and a batch's header
// fields, rounded up.
constexpr size_t record_overhead_bytes = 40;
constexpr size_t header_overhead_bytes = 16;
constexpr size_t batch_overhead_bytes = 128;

// Kafka's sequences wrap from INT32_MAX to 0.
int32_t advance(int32_t sequence, size_t count) {
  auto next = static_cast<int64_t>(sequence) + static_cast<int64_t>(count);
  return static_cast<int32_t>(next % (int64_t{std::numeric_limits<int32_t>::max()} + 1));
}

} // namespace

size_t partition_batcher::estimate_bytes(const record& r) {
  size_t bytes = record_overhead_bytes;
  bytes += r.key ? r.key->size() : 0;
  bytes += r.value ? r.value->size() : 0;
  for (const auto& h : r.headers)
    bytes += header_overhead_bytes + h.key.size() + (h.value ? h.value->size() : 0);
  return bytes;
}

void partition_batcher::push(queued_record r) {
  auto bytes = estimate_bytes(r.value);
  queue_.push_back(std::move(r));
  queue_bytes_.push_back(bytes);
  queued_bytes_ += bytes;
}

std::optional<client_clock::time_point> partition_batcher::due(const batcher_limits& limits,
                                                               bool flushing) const {
  if (flight_ || queue_.empty())
    return std::nullopt;
  auto oldest = queue_.front().enqueued;
  if (flushing || batch_overhead_bytes + queued_bytes_ >= limits.batch_bytes_max)
    return oldest;
  return oldest + limits.linger_ms;
}

size_t partition_batcher::fitting(size_t batch_bytes_max) const {
  size_t count = 0;
  size_t bytes = batch_overhead_bytes;
  for (auto b : queue_bytes_) {
    if (count > 0 && bytes + b > batch_bytes_max)
      break;
    bytes += b;
    ++count;
  }
  return count;
}

producer_identity partition_batcher::identity() const {
  if (producer_id_ < 0)
    return {};
  return {producer_id_, epoch_, next_sequence_};
}

std::variant<std::monostate, sealed_batch*, refused_record>
partition_batcher::seal(const batcher_limits& limits) {
  if (flight_ || queue_.empty())
    return std::monostate{};
  // The estimate is close but not exact: halve until the encoding fits.
  // A record that cannot be encoded is found the same way, alone at last.
  for (auto count = fitting(limits.batch_bytes_max);; count = (count + 1) / 2) {
    std::vector<record> records;
    records.reserve(count);
    for (size_t i = 0; i < count; ++i)
      records.push_back(queue_[i].value);
    auto bytes = encode_record_batch(records, identity());
    if (bytes && bytes->size() > limits.batch_bytes_max)
      bytes = error{errc::record_too_large,
                    "a batch of " + std::to_string(count) + " records takes " +
                      std::to_string(bytes->size()) + " bytes, over the limit of " +
                      std::to_string(limits.batch_bytes_max)};
    if (bytes) {
      sealed_batch batch{std::move(*bytes), {}, {}, identity(), queue_.front().enqueued, 0};
      for (size_t i = 0; i < count; ++i) {
        auto r = pop_front();
        batch.tokens.push_back(r.token);
        batch.timestamps_ms.push_back(r.value.timestamp_ms);
      }
      if (producer_id_ >= 0)
        next_sequence_ = advance(next_sequence_, count);
      flight_ = std::move(batch);
      return &*flight_;
    }
    if (count == 1)
      return refused_record{pop_front(), bytes.error()};
  }
}

queued_record partition_batcher::pop_front() {
  auto r = std::move(queue_.front());
  queued_bytes_ -= queue_bytes_.front();
  queue_.pop_front();
  queue_bytes_.pop_front();
  return r;
}

sealed_batch partition_batcher::complete() {
  assert(flight_);
  auto batch = std::move(*flight_);
  flight_.reset();
  return batch;
}

sealed_batch partition_batcher::abandon() {
  auto batch = complete();
  if (producer_id_ >= 0 && epoch_ < std::numeric_limits<int16_t>::max()) {
    ++epoch_;
    next_sequence_ = 0;
  }
  return batch;
}

std::vector<queued_record> partition_batcher::expire(client_clock::time_point deadline) {
  std::vector<queued_record> out;
  while (!queue_.empty() && queue_.front().enqueued < deadline)
    out.push_back(pop_front());
  return out;
}

} // namespace strom
