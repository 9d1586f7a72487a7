#pragma once
// Kafka's murmur2, bit for bit: org.apache.kafka.common.utils.Utils.murmur2
// (MurmurHash2 with seed 0x9747b28c over the key bytes, Java int arithmetic),
// and the partition Kafka's default partitioner derives from it. A keyed
// record lands on the partition a Kafka client would choose.

#include <cstdint>
#include <string_view>

#include "messages/types.hpp"

namespace strom {

// Utils.murmur2(bytes): the hash as Java's signed int.
int32_t kafka_murmur2(std::string_view key);

// Utils.toPositive: clears the sign bit (not abs: toPositive(INT_MIN) == 0).
constexpr int32_t kafka_to_positive(int32_t number) {
  return number & 0x7fffffff;
}

// toPositive(murmur2(key)) % partition_count; partition_count > 0.
partition_id kafka_key_partition(std::string_view key, int32_t partition_count);

} // namespace strom
