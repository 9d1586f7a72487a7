#pragma once
// CRC32C (Castagnoli), the checksum of every log entry, snapshot and record batch.
// Uses the SSE4.2 crc32 instruction when the CPU has it, a table otherwise;
// both give the same values (tested against the published check vectors).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace strom {

// Extends `crc` (the value returned for the bytes before) over `data`.
// Start with 0: crc32c_extend(0, "123456789") == 0xE3069283.
uint32_t crc32c_extend(uint32_t crc, const void* data, size_t size_bytes);

inline uint32_t crc32c(std::string_view bytes) {
  return crc32c_extend(0, bytes.data(), bytes.size());
}

// The CRC of A followed by B, from crc32c(A), crc32c(B) and B's size, in
// time logarithmic in the size: a framing around bytes whose CRC is known
// (a stored batch's records) is checksummed without reading them again.
uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t size_b_bytes);

// The portable path alone, so tests can compare it with the hardware one.
uint32_t crc32c_extend_portable(uint32_t crc, const void* data, size_t size_bytes);

// True when crc32c_extend uses the SSE4.2 instruction on this CPU.
bool crc32c_hardware_available();

} // namespace strom
