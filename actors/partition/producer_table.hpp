#pragma once
// What a partition remembers of each idempotent producer: its epoch and its
// last few batches (Kafka keeps five, matching max.in.flight), so that a
// retried batch is recognised and answered with where it went, and a batch
// that skips sequence numbers is refused. Rebuilt on every replica from the
// committed log, so it survives a leader failover. Pure.

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "messages/record_batch.hpp"
#include "messages/result.hpp"
#include "messages/types.hpp"

namespace strom {

struct producer_batch {
  int32_t first_sequence = 0;
  int32_t last_sequence = 0;
  record_offset base_offset;
  raft_index index; // the raft entry that holds it
};

struct producer_entry {
  int16_t epoch = 0;
  std::deque<producer_batch> recent; // oldest first
};

// What to do with a batch from an idempotent producer.
struct sequence_check {
  // Set when the batch repeats one already in the log: answer with it.
  std::optional<producer_batch> duplicate_of;
};

class producer_table {
public:
  static constexpr size_t recent_batches_max = 5;

  // append (no duplicate_of), duplicate (duplicate_of set), or an error:
  // producer_fenced (an older epoch), out_of_order_sequence (a gap, or a new
  // producer or epoch not starting at 0), duplicate_sequence (a retry older
  // than the batches remembered: it is in the log, where is unknown).
  result<sequence_check> check(const batch_header& batch) const;
  // The batch is in the log at `index` (stamped: base_offset is set).
  void record(const batch_header& batch, raft_index index);

  size_t size() const { return producers_.size(); }
  const producer_entry* find(producer_id id) const;

  // For the partition's snapshot.
  void encode(std::string& out) const;
  // bad_request when the bytes end early; `in` advances past what was read.
  static result<producer_table> decode(std::string_view& in);

  friend bool operator==(const producer_table& a, const producer_table& b);

private:
  std::map<producer_id, producer_entry> producers_;
};

} // namespace strom
