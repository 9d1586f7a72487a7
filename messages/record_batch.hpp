#pragma once
// The record batch codec: what a producer builds, what the leader checks and
// stamps, what a consumer reads back. The format is messages/record.proto;
// read its top comment for why stamping never re-encodes the records.
//
// Life of a batch:
//   producer: encode_record_batch(records, producer)      -> bytes
//   leader:   validate_record_batch(bytes, limits)        -> header (or typed error)
//             stamp_record_batch(bytes, {offset, term})    in place, O(1)
//   storage:  read_batch_header(bytes).last_offset()      for the offset index
//   consumer: decode_record_batch(bytes, limits)          -> records with
//                                                            absolute offsets
// No CAF and no Protobuf in this header: callers see strom's own types.

#include <cstddef>
#include <cstdint>
#include <climits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/crc32c.hpp" // records_crc is crc32c() of the records bytes
#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

// Kafka's default max.message.bytes: the largest encoded batch a partition
// accepts (1 MiB plus Kafka's 12-byte log overhead).
inline constexpr size_t default_batch_bytes_max = 1048588;

// Attribute bit 3, as Kafka's: timestamps are the broker's append time.
inline constexpr uint32_t batch_attribute_log_append_time = 0x8;

struct record_header {
  std::string key; // UTF-8
  std::optional<std::string> value;

  friend bool operator==(const record_header& a, const record_header& b) {
    return a.key == b.key && a.value == b.value;
  }
};

// A record as a producer hands it over.
struct record {
  std::optional<std::string> key;   // nullopt: a null key (sticky partition)
  std::optional<std::string> value; // nullopt: a tombstone
  std::vector<record_header> headers;
  int64_t timestamp_ms = 0;         // CreateTime
};

// A record as a consumer reads it: absolute offset and timestamp.
struct stored_record {
  record_offset offset;
  int64_t timestamp_ms = 0;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<record_header> headers;
};

// The idempotent producer's identity as the batch header carries it: -1
// everywhere when not idempotent.
struct producer_identity {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;

  // The producer, or nothing for a batch of no idempotent producer.
  std::optional<strom::producer_id> id() const {
    if (producer_id < 0)
      return std::nullopt;
    return strom::producer_id{producer_id};
  }
};

enum class timestamp_type : uint8_t { create_time, log_append_time };

// The batch fields other than the records, read without touching them.
struct batch_header {
  record_offset base_offset{0};
  term_id term{0};
  int64_t base_timestamp_ms = 0;
  int64_t max_timestamp_ms = 0;
  producer_identity producer;
  int32_t records_count = 0;
  uint32_t attributes = 0;
  uint32_t records_crc = 0;
  // Set only in a batch the log compacted: the delta of the last offset it
  // spans, which its remaining records (maybe none) no longer show.
  std::optional<int32_t> compacted_last_delta;

  bool compacted() const { return compacted_last_delta.has_value(); }
  // The batch spans base_offset .. base_offset + last_offset_delta(), as
  // Kafka's lastOffsetDelta: compaction removes records, never offsets.
  int32_t last_offset_delta() const { return compacted_last_delta.value_or(records_count - 1); }
  record_offset last_offset() const {
    return record_offset{base_offset.value() + last_offset_delta()};
  }
  record_offset next_offset() const {
    return record_offset{base_offset.value() + last_offset_delta() + 1};
  }
  // Sequences wrap from INT32_MAX to 0, as Kafka's do; a compacted batch
  // keeps its producer's last sequence, as Kafka's does.
  int32_t last_sequence() const {
    int64_t last = int64_t{producer.base_sequence} + last_offset_delta();
    constexpr int64_t span = int64_t{INT32_MAX} + 1;
    return static_cast<int32_t>(last >= span ? last - span : last);
  }
  timestamp_type timestamps() const {
    return (attributes & batch_attribute_log_append_time) ? timestamp_type::log_append_time
                                                          : timestamp_type::create_time;
  }
};

// What the leader writes into a batch before it becomes a raft entry.
struct batch_stamp {
  record_offset base_offset;
  term_id term;
  // Set on LogAppendTime topics: every record then reads as this time.
  std::optional<int64_t> log_append_time_ms;
};

struct batch_limits {
  size_t batch_bytes_max = default_batch_bytes_max;
};

// Encodes a producer's batch: base offset and term 0, base timestamp the first
// record's, CRC over the records. bad_request for an empty batch or a header
// key that is not UTF-8.
result<std::string> encode_record_batch(const std::vector<record>& records,
                                        const producer_identity& producer = {});

// The header alone, in time independent of the number of records. Checks the
// wire structure, not the records or the CRC: use it on bytes that were
// validated before (the log, the leader's tail).
result<batch_header> read_batch_header(std::string_view batch);

// Everything a leader must know before accepting a batch: size within the
// limit (record_too_large), well-formed (bad_request), CRC, record count,
// dense offset deltas, timestamps consistent with the header, and not a
// compacted batch (only the log makes those).
result<batch_header> validate_record_batch(std::string_view batch,
                                           const batch_limits& limits = {});

// Writes base offset, term and (optionally) the append time into the batch in
// place. The records and their CRC are untouched. bad_request on bytes that
// are not a batch; the batch is unchanged then.
result<void> stamp_record_batch(std::string& batch, const batch_stamp& stamp);

// The records with absolute offsets and timestamps, after the same checks as
// validate_record_batch; a compacted batch from the log is read too (its
// offsets have gaps, it may hold no record at all).
result<std::vector<stored_record>> decode_record_batch(std::string_view batch,
                                                       const batch_limits& limits = {});

} // namespace strom
