#pragma once
// Batches the wire tests share.

#include <string>
#include <vector>

#include "messages/record_batch.hpp"

namespace strom::test {

inline std::vector<record> three_records() {
  std::vector<record> records(3);
  records[0].key = std::string{"user-1"};
  records[0].value = std::string{"first"};
  records[0].timestamp_ms = 1'700'000'000'000;
  records[0].headers = {{"trace", std::string{"abc"}}, {"empty", std::nullopt}};
  records[1].key = std::nullopt; // a null key, not an empty one
  records[1].value = std::string{};
  records[1].timestamp_ms = 1'700'000'000'500;
  records[2].key = std::string{};
  records[2].value = std::nullopt; // a tombstone
  records[2].timestamp_ms = 1'699'999'999'000; // earlier than the first
  return records;
}

inline std::string encoded(const std::vector<record>& records, producer_identity producer = {}) {
  auto bytes = encode_record_batch(records, producer);
  if (!bytes)
    throw std::runtime_error(bytes.error().describe());
  return *bytes;
}

} // namespace strom::test
