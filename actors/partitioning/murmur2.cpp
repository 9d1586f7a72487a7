#include "actors/partitioning/murmur2.hpp"

#include "messages/check.hpp"

namespace strom {

// Java's int arithmetic wraps on overflow and `>>>` is a logical shift: both
// are uint32_t's behaviour in C++, so the hash runs on uint32_t and is cast
// to int32_t at the end (two's complement, as Java's int).
int32_t kafka_murmur2(std::string_view key) {
  constexpr uint32_t seed = 0x9747b28cu;
  constexpr uint32_t m = 0x5bd1e995u;
  constexpr int r = 24;
  const auto* data = reinterpret_cast<const unsigned char*>(key.data());
  const size_t length = key.size();

  uint32_t h = seed ^ static_cast<uint32_t>(length);
  const size_t words = length / 4;
  for (size_t i = 0; i < words; ++i) {
    const unsigned char* word = data + 4 * i;
    uint32_t k = static_cast<uint32_t>(word[0]) | (static_cast<uint32_t>(word[1]) << 8)
                 | (static_cast<uint32_t>(word[2]) << 16) | (static_cast<uint32_t>(word[3]) << 24);
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const unsigned char* tail = data + (length & ~static_cast<size_t>(3));
  switch (length % 4) {
    case 3: h ^= static_cast<uint32_t>(tail[2]) << 16; [[fallthrough]];
    case 2: h ^= static_cast<uint32_t>(tail[1]) << 8; [[fallthrough]];
    case 1:
      h ^= static_cast<uint32_t>(tail[0]);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

partition_id kafka_key_partition(std::string_view key, int32_t partition_count) {
  STROM_CHECK(partition_count > 0);
  return partition_id{kafka_to_positive(kafka_murmur2(key)) % partition_count};
}

} // namespace strom
