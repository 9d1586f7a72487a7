#pragma once
// What clients and brokers say to a partition: produce, fetch, list offsets.
// Batches travel as the encoded RecordBatch bytes of messages/record.proto,
// untouched from producer to disk to consumer (record_batch.hpp reads them).

#include <cstdint>
#include <string>
#include <vector>

#include "messages/types.hpp"

namespace strom {

// Kafka's acks: 0 (no answer), 1 (the leader has it durably), all (-1: a
// majority of the replica set has it durably, i.e. the raft entry committed).
enum class acks : int8_t { none = 0, leader = 1, all = -1 };

struct produce_request {
  std::string batch; // an encoded RecordBatch, base offset 0
  int8_t acks = static_cast<int8_t>(acks::all);

  template <class Inspector>
  friend auto inspect(Inspector& f, produce_request& x) {
    return f(x.batch, x.acks);
  }
};

struct produce_reply {
  record_offset base_offset;
  // The append time the leader stamped on a LogAppendTime topic, else -1.
  int64_t log_append_time_ms = -1;
  // The batch was a retry of one already in the log (idempotent producer):
  // nothing was appended, base_offset is where the first attempt went.
  bool duplicate = false;

  template <class Inspector>
  friend auto inspect(Inspector& f, produce_reply& x) {
    return f(x.base_offset, x.log_append_time_ms, x.duplicate);
  }
};

struct fetch_request {
  record_offset offset;
  // Stop adding batches once they pass this (the first batch always comes).
  uint64_t max_bytes = 1 << 20;
  // Long poll: with nothing at `offset` yet, wait this long for records.
  int64_t max_wait_ms = 0;

  template <class Inspector>
  friend auto inspect(Inspector& f, fetch_request& x) {
    return f(x.offset, x.max_bytes, x.max_wait_ms);
  }
};

struct fetch_reply {
  // Committed batches in offset order. The first may start below the offset
  // asked for (a batch is never split): the reader skips records below it.
  std::vector<std::string> batches;
  // One past the last committed record: what a consumer may read up to.
  record_offset high_watermark;
  // The first offset still held (retention drops older ones).
  record_offset log_start_offset;

  template <class Inspector>
  friend auto inspect(Inspector& f, fetch_reply& x) {
    return f(x.batches, x.high_watermark, x.log_start_offset);
  }
};

// list_offsets takes a timestamp in ms, or one of these (Kafka's values).
inline constexpr int64_t earliest_offset_spec = -2;
inline constexpr int64_t latest_offset_spec = -1;

// The first committed record at or after a time, as Kafka's ListOffsets
// answers a timestamp: its offset and timestamp, or -1 and -1 when no
// record is that recent (strom's own list_offsets answers the high
// watermark then, where its consumers start reading).
struct timed_offset {
  int64_t offset = -1;
  int64_t timestamp_ms = -1;

  template <class Inspector>
  friend auto inspect(Inspector& f, timed_offset& x) {
    return f(x.offset, x.timestamp_ms);
  }
};

} // namespace strom
