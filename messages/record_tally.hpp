#pragma once
// Internal to the record batch codec: the checks every record of a batch
// gets, whatever its encoding (strom's RecordSet or Kafka's records): no more
// records than the header counts, offset deltas dense from 0 (in a
// compacted batch rising, within its span), timestamps that compute, and at
// the end the count and a CreateTime batch's max timestamp (in a compacted
// batch, at most that). Decoding gives each record its absolute offset and timestamp
// here too, so that both encodings read the same.

#include <cstdint>
#include <vector>

#include "messages/record_batch.hpp"

namespace strom::detail {

class record_tally {
public:
  // `out`, when given, receives one record per next().
  record_tally(const batch_header& header, std::vector<stored_record>* out,
               size_t records_bytes);

  // The next record's slot (nullptr when not decoding); refused past
  // records_count.
  result<stored_record*> next();
  // The deltas of the record next() gave; fills in its offset and timestamp.
  result<void> count(int32_t offset_delta, int64_t timestamp_delta_ms);
  // After the last record.
  result<void> finish() const;

private:
  result<void> check_delta(int32_t offset_delta) const;

  const batch_header& header_;
  std::vector<stored_record>* out_;
  stored_record* current_ = nullptr;
  int32_t count_ = 0;
  int64_t last_delta_ = -1;
  int64_t max_timestamp_ms_ = INT64_MIN;
};

} // namespace strom::detail
