#pragma once
// One partition's side of the producer: records queue here until they go out
// as one batch, and up to max_in_flight batches are in flight at once (as
// Kafka's max.in.flight.requests.per.connection, 5), so that the producer
// seals and sends the next batch while the leader still writes the last.
//
//   push -> queued --seal--> in flight --complete(id)--> reported
//                             |  ^ rewind: all in flight go again, in
//                             |  |         order, same bytes, same sequences
//                             +--abandon_front--> reported as failed
//
// Order: batches are sealed with consecutive sequences and sent in that
// order; the leader admits a batch only right after the one before it, so
// after an error every batch in flight is sent again, in order, and the
// ones already in the log are recognised as duplicates.
// A batch given up on may or may not be in the log, so the partition then
// starts a new epoch at sequence 0, and the batches behind it (which cannot
// be in the log without it) are restamped into the new epoch; the leader
// fences the old epoch, so a late copy of the abandoned batch can never land
// after newer records. Only the oldest batch is ever given up on: an error
// on a later one may be a consequence of an earlier one's fate.
//
// Sends go in rounds. An error ends the round: everything in flight goes
// again after a backoff (back_off, then end_back_off), and answers to the
// sends of an earlier round no longer count (answer_counts), except that a
// success still completes its batch. Giving up on a batch ends the round
// too: the batches behind it were restamped. A success resets the backoff.
// Pure: no CAF, and time is passed in.

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "messages/compression.hpp"
#include "messages/errors.hpp"
#include "messages/kafka_records.hpp"
#include "messages/record_batch.hpp"
#include "net/cluster/backoff.hpp"

namespace strom {

using client_clock = std::chrono::steady_clock;

struct queued_record {
  record value;
  uint64_t token = 0; // the producer's name for this send
  client_clock::time_point enqueued;
};

struct sealed_batch {
  uint64_t id = 0;                     // the partition's name for it, ascending
  std::string bytes;
  std::vector<uint64_t> tokens;        // in record order
  std::vector<int64_t> timestamps_ms;  // in record order
  producer_identity identity;          // base_sequence: the first record's
  client_clock::time_point enqueued;   // the first record's: delivery timeout
  int attempts = 0;
};

// The record at the front of the queue could not go even alone (too large
// for the limit, or not encodable): it is off the queue, to be reported.
struct refused_record {
  queued_record record;
  error reason;
};

struct batcher_limits {
  size_t batch_bytes_max = default_batch_bytes_max;
  std::chrono::milliseconds linger_ms{5};
  size_t max_in_flight = 5;
  // Due at once from this many bytes (capped by batch_bytes_max).
  size_t batch_fill_bytes = default_batch_bytes_max;
  compression_codec compression = compression_codec::none;
};

class partition_batcher {
public:
  // The producer id the partition's batches carry (none: not idempotent),
  // and the pause between rounds of sends.
  explicit partition_batcher(std::optional<producer_id> id = std::nullopt,
                             exponential_backoff backoff = exponential_backoff{})
      : producer_id_(id), backoff_(backoff) {}

  // Idempotence starts once the producer id is known: before any batch.
  void set_producer_id(producer_id id) { producer_id_ = id; }
  void push(queued_record r);
  size_t queued() const { return queue_.size(); }
  size_t in_flight() const { return flights_.size(); }
  // In sealing order; the front is the oldest.
  const std::deque<sealed_batch>& flights() const { return flights_; }
  sealed_batch* find(uint64_t id);
  bool is_oldest(uint64_t id) const { return !flights_.empty() && flights_.front().id == id; }
  // The ids in flight, oldest first: a send may end the round, so callers
  // walk ids rather than the batches.
  std::vector<uint64_t> flight_ids() const;

  // --- rounds of sends
  uint64_t round() const { return round_; }
  // A send goes now unless a backoff runs: then it goes with the rest.
  bool sending() const { return !backing_off_; }
  // An answer to a send of `round` counts: the round is the current one
  // and no backoff runs.
  bool answer_counts(uint64_t round) const { return round == round_ && !backing_off_; }
  // An error: a new round, whose sends go after the pause returned.
  std::chrono::milliseconds back_off();
  // The pause of `round` ended: true when everything in flight is to go
  // again now (false for a pause that a later round replaced).
  bool end_back_off(uint64_t round);

  // When the next batch may be sealed: at once when the queue holds
  // batch_fill_bytes or `flushing`, else when the oldest record has lingered enough.
  // Nothing while max_in_flight batches are in flight or the queue is empty.
  std::optional<client_clock::time_point> due(const batcher_limits& limits,
                                              bool flushing) const;

  // Takes the next batch off the queue (as many records as fit) and puts it
  // in flight; or refuses the front record; or nothing when the queue is
  // empty or max_in_flight batches are in flight.
  std::variant<std::monostate, sealed_batch*, refused_record> seal(const batcher_limits& limits);

  // The batch is in the log; nothing when it is not in flight (any more).
  std::optional<sealed_batch> complete(uint64_t id);
  // The oldest batch failed for good: see the top of this file. The
  // batches behind it are restamped, in a new round; they are to be sent
  // again.
  sealed_batch abandon_front();
  // Takes off the queue the records enqueued before `deadline`.
  std::vector<queued_record> expire(client_clock::time_point deadline);

  int16_t epoch() const { return epoch_; }
  int32_t next_sequence() const { return next_sequence_; }

  // Bytes a record takes in a batch, a little over (the batch is checked
  // after encoding anyway).
  static size_t estimate_bytes(const record& r);

private:
  // How many records from the front fit the limit by estimate; at least one.
  size_t fitting(size_t batch_bytes_max) const;
  // The first records.size() queued records as one batch, or why they
  // cannot go: over the limit encoded, or, compressed, uncompressed (as
  // Kafka's producer checks it), since a leader bounds what a batch
  // decompresses to by its limit.
  result<std::string> encode(const std::vector<record>& records,
                             const batcher_limits& limits) const;
  producer_identity identity() const;
  queued_record pop_front();
  // The batch takes the next sequences; `count` records.
  void take_sequences(size_t count);
  std::deque<sealed_batch>::iterator flight_of(uint64_t id);

  std::optional<producer_id> producer_id_;
  exponential_backoff backoff_;
  uint64_t round_ = 0;
  bool backing_off_ = false;
  int16_t epoch_ = 0;
  int32_t next_sequence_ = 0;
  std::deque<queued_record> queue_;
  std::deque<size_t> queue_bytes_; // estimate_bytes of each queued record
  size_t queued_bytes_ = 0;
  std::deque<sealed_batch> flights_;
  uint64_t next_batch_id_ = 1;
};

} // namespace strom
