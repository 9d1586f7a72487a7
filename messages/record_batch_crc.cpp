// CRC32C of a batch's records: the SSE4.2 crc32 instruction when the CPU has
// it (several GB/s), a table otherwise. Both give the same values. storage/
// has its own for log entries; messages/ cannot depend on storage/.

#include <array>
#include <cstring>

#include "messages/record_batch.hpp"

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace strom {
namespace {

// Reflected Castagnoli polynomial.
constexpr uint32_t castagnoli_reflected = 0x82F63B78u;

std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc >> 1) ^ ((crc & 1u) ? castagnoli_reflected : 0u);
    table[i] = crc;
  }
  return table;
}

uint32_t crc32c_table(uint32_t crc, const unsigned char* data, size_t size_bytes) {
  static const std::array<uint32_t, 256> table = make_table();
  for (size_t i = 0; i < size_bytes; ++i)
    crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t
crc32c_sse42(uint32_t crc, const unsigned char* data, size_t size_bytes) {
  uint64_t wide = crc;
  while (size_bytes >= 8) {
    uint64_t word;
    std::memcpy(&word, data, sizeof(word));
    wide = _mm_crc32_u64(wide, word);
    data += 8;
    size_bytes -= 8;
  }
  crc = static_cast<uint32_t>(wide);
  while (size_bytes-- > 0)
    crc = _mm_crc32_u8(crc, *data++);
  return crc;
}

bool sse42_available() {
  static const bool available = __builtin_cpu_supports("sse4.2");
  return available;
}
#endif

} // namespace

uint32_t records_crc32c(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  uint32_t crc = 0xFFFFFFFFu;
#if defined(__x86_64__)
  if (sse42_available())
    return crc32c_sse42(crc, data, bytes.size()) ^ 0xFFFFFFFFu;
#endif
  return crc32c_table(crc, data, bytes.size()) ^ 0xFFFFFFFFu;
}

} // namespace strom
