#pragma once
// Reads a partition's committed batches from storage, by record offset. Runs
// on the replica's actor (LMDB reads take their own read transaction).

#include <cstdint>

#include "messages/partition_types.hpp"
#include "messages/result.hpp"
#include "storage/log_store.hpp"

namespace strom {

class committed_log_reader {
public:
  committed_log_reader(storage::env& environment, group_id group) : log_(environment), group_(group) {}

  // The first offset the log still holds: 0, or one past what retention dropped.
  result<record_offset> log_start_offset() const;

  // Committed batches from the one holding `offset` on, stopping before the
  // payloads pass max_bytes (the first batch always comes) and never reading
  // past `last_committed` (the raft index of the last applied batch).
  result<std::vector<std::string>> read(record_offset offset, uint64_t max_bytes,
                                        raft_index last_committed) const;

  // The first committed record whose timestamp is >= timestamp_ms: its
  // offset and timestamp, or -1 and -1 when no record is that recent. A
  // linear scan of the batch headers (the log keeps no time index),
  // decoding only the batch that holds the answer.
  result<timed_offset> first_at_or_after(int64_t timestamp_ms, raft_index last_committed) const;
  // The same offset, or `high_watermark` when no record is that recent.
  result<record_offset> offset_for_time(int64_t timestamp_ms, raft_index last_committed,
                                        record_offset high_watermark) const;

private:
  storage::log_store log_;
  group_id group_;
};

} // namespace strom
