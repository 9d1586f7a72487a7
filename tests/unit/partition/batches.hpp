#pragma once
// Record batches for the partition tests, built as a producer builds them.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "messages/raft/entry.hpp"
#include "messages/record_batch.hpp"

namespace strom::test {

// `count` records "v0".."v{count-1}", from the producer given (none: -1s).
inline std::string batch_of(int count, producer_identity producer = {}) {
  std::vector<record> records;
  for (int i = 0; i < count; ++i)
    records.push_back(record{std::nullopt, "v" + std::to_string(i), {}, 1000 + i});
  auto bytes = encode_record_batch(records, producer);
  EXPECT_TRUE(bytes) << bytes.error().describe();
  return bytes ? *bytes : std::string{};
}

inline producer_identity idempotent(int64_t id, int16_t epoch, int32_t base_sequence) {
  return producer_identity{id, epoch, base_sequence};
}

// The header of a batch as it would be once the leader stamped it.
inline batch_header stamped_header(int count, producer_identity producer,
                                   int64_t base_offset) {
  auto header = read_batch_header(batch_of(count, producer));
  EXPECT_TRUE(header) << header.error().describe();
  batch_header out = header ? *header : batch_header{};
  out.base_offset = record_offset{base_offset};
  return out;
}

// A normal raft entry holding a batch stamped at `base_offset`.
inline raft::entry entry_of(int64_t index, int64_t term, int64_t base_offset, int count,
                            producer_identity producer = {}) {
  auto bytes = batch_of(count, producer);
  auto stamped = stamp_record_batch(bytes, {record_offset{base_offset}, term_id{term}, {}});
  EXPECT_TRUE(stamped) << stamped.error().describe();
  return raft::entry{term_id{term}, raft_index{index}, raft::entry_type::normal, bytes};
}

inline raft::entry marker_entry(int64_t index, int64_t term, raft::entry_type type) {
  return raft::entry{term_id{term}, raft_index{index}, type, type == raft::entry_type::config ? "members" : ""};
}

} // namespace strom::test
