#include "net/client/partition_batcher.hpp"

#include <algorithm>
#include <limits>

#include "messages/check.hpp"
#include "messages/record_batch_restamp.hpp"

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
  if (flights_.size() >= limits.max_in_flight || queue_.empty())
    return std::nullopt;
  auto oldest = queue_.front().enqueued;
  auto full_bytes = std::min(limits.batch_fill_bytes, limits.batch_bytes_max);
  if (flushing || batch_overhead_bytes + queued_bytes_ >= full_bytes)
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
  if (!producer_id_)
    return {};
  return {producer_id_->value(), epoch_, next_sequence_};
}

result<std::string> partition_batcher::encode(const std::vector<record>& records,
                                              const batcher_limits& limits) const {
  auto bytes = encode_record_batch(records, identity(), limits.compression);
  if (!bytes)
    return bytes;
  size_t count = records.size();
  if (bytes->size() > limits.batch_bytes_max)
    return error{errc::record_too_large,
                 "a batch of " + std::to_string(count) + " records takes " +
                   std::to_string(bytes->size()) + " bytes, over the limit of " +
                   std::to_string(limits.batch_bytes_max)};
  // fitting() kept several records within the limit uncompressed; one alone
  // may be above it, and compressed below: refused all the same.
  if (limits.compression != compression_codec::none && count == 1 &&
      batch_overhead_bytes + queue_bytes_.front() > limits.batch_bytes_max)
    return error{errc::record_too_large,
                 "a record of about " + std::to_string(queue_bytes_.front()) +
                   " bytes uncompressed, over the limit of " +
                   std::to_string(limits.batch_bytes_max)};
  return bytes;
}

std::variant<std::monostate, sealed_batch*, refused_record>
partition_batcher::seal(const batcher_limits& limits) {
  if (flights_.size() >= limits.max_in_flight || queue_.empty())
    return std::monostate{};
  // The estimate is close but not exact: halve until the encoding fits.
  // A record that cannot be encoded is found the same way, alone at last.
  // The records move into the batch and back if it does not fit: sealing
  // copies no value.
  for (auto count = fitting(limits.batch_bytes_max);; count = (count + 1) / 2) {
    std::vector<record> records;
    records.reserve(count);
    for (size_t i = 0; i < count; ++i)
      records.push_back(std::move(queue_[i].value));
    auto bytes = encode(records, limits);
    for (size_t i = 0; i < count; ++i)
      queue_[i].value = std::move(records[i]);
    if (bytes) {
      sealed_batch batch{next_batch_id_++, std::move(*bytes), {}, {}, identity(),
                         queue_.front().enqueued, 0};
      batch.tokens.reserve(count);
      batch.timestamps_ms.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        auto r = pop_front();
        batch.tokens.push_back(r.token);
        batch.timestamps_ms.push_back(r.value.timestamp_ms);
      }
      take_sequences(count);
      flights_.push_back(std::move(batch));
      return &flights_.back();
    }
    if (count == 1)
      return refused_record{pop_front(), bytes.error()};
  }
}

void partition_batcher::take_sequences(size_t count) {
  if (producer_id_)
    next_sequence_ = advance(next_sequence_, count);
}

std::deque<sealed_batch>::iterator partition_batcher::flight_of(uint64_t id) {
  return std::find_if(flights_.begin(), flights_.end(),
                      [id](const sealed_batch& b) { return b.id == id; });
}

sealed_batch* partition_batcher::find(uint64_t id) {
  auto it = flight_of(id);
  return it == flights_.end() ? nullptr : &*it;
}

std::vector<uint64_t> partition_batcher::flight_ids() const {
  std::vector<uint64_t> ids;
  for (const auto& b : flights_)
    ids.push_back(b.id);
  return ids;
}

std::chrono::milliseconds partition_batcher::back_off() {
  ++round_;
  backing_off_ = true;
  return backoff_.next();
}

bool partition_batcher::end_back_off(uint64_t round) {
  if (round != round_ || !backing_off_)
    return false;
  backing_off_ = false;
  return true;
}

queued_record partition_batcher::pop_front() {
  auto r = std::move(queue_.front());
  queued_bytes_ -= queue_bytes_.front();
  queue_.pop_front();
  queue_bytes_.pop_front();
  return r;
}

std::optional<sealed_batch> partition_batcher::complete(uint64_t id) {
  auto it = flight_of(id);
  if (it == flights_.end())
    return std::nullopt;
  auto batch = std::move(*it);
  flights_.erase(it);
  backoff_.reset();
  return batch;
}

sealed_batch partition_batcher::abandon_front() {
  STROM_CHECK(!flights_.empty());
  auto batch = std::move(flights_.front());
  flights_.pop_front();
  backoff_.reset();
  ++round_; // answers to the earlier sends of the batches behind no longer count
  if (!producer_id_ || epoch_ == std::numeric_limits<int16_t>::max())
    return batch;
  ++epoch_;
  next_sequence_ = 0;
  for (auto& behind : flights_) {
    behind.identity = identity();
    // Our own encoding: restamping it cannot fail.
    auto restamped = restamp_record_batch_producer(behind.bytes, behind.identity);
    STROM_CHECK(restamped);
    take_sequences(behind.tokens.size());
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
