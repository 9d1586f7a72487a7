#include "messages/crc32c.hpp"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace strom {

namespace {

// Reflected form of the Castagnoli polynomial 0x1EDC6F41.
constexpr uint32_t castagnoli_reflected = 0x82F63B78u;

constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t byte = 0; byte < 256; ++byte) {
    uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1u) ? (crc >> 1) ^ castagnoli_reflected : crc >> 1;
    table[byte] = crc;
  }
  return table;
}

constexpr std::array<uint32_t, 256> crc_table = make_table();

#if defined(__x86_64__)
// Compiled for SSE4.2 alone, and only called after the CPU said it has it,
// so the rest of the build stays portable.
__attribute__((target("sse4.2"))) uint32_t crc32c_sse42(uint32_t crc, const uint8_t* in,
                                                         size_t size_bytes) {
  uint64_t state = ~crc;
  while (size_bytes >= 8) {
    uint64_t word;
    std::memcpy(&word, in, sizeof word);
    state = _mm_crc32_u64(state, word);
    in += 8;
    size_bytes -= 8;
  }
  auto state32 = static_cast<uint32_t>(state);
  while (size_bytes > 0) {
    state32 = _mm_crc32_u8(state32, *in);
    ++in;
    --size_bytes;
  }
  return ~state32;
}

bool detect_sse42() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
}
#endif

// Polynomials modulo the Castagnoli polynomial, in the reflected bit order
// of the CRC itself (bit 31 is x^0). a * b mod P, a bit of a at a time.
uint32_t multiply_mod_p(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t bit = 1u << 31; bit != 0; bit >>= 1) {
    if (a & bit)
      product ^= b;
    b = (b & 1u) ? (b >> 1) ^ castagnoli_reflected : b >> 1; // b *= x
  }
  return product;
}

constexpr uint32_t x_to_the_0 = 1u << 31;
constexpr uint32_t x_to_the_1 = 1u << 30;
constexpr size_t square_steps = 64; // one per bit of a 64-bit exponent

// x^(2^k) mod P for every k below square_steps, each the square of the last.
const std::array<uint32_t, square_steps>& powers_of_two() {
  static const auto table = [] {
    std::array<uint32_t, square_steps> out{};
    out[0] = x_to_the_1;
    for (size_t k = 1; k < square_steps; ++k)
      out[k] = multiply_mod_p(out[k - 1], out[k - 1]);
    return out;
  }();
  return table;
}

// x^(8 * size_bytes) mod P: appending size_bytes zero bytes multiplies a
// CRC's polynomial by it.
uint32_t shift_by_bytes(size_t size_bytes) {
  const auto& table = powers_of_two();
  uint32_t power = x_to_the_0;
  uint64_t exponent = uint64_t{size_bytes};
  for (size_t k = 3; exponent != 0 && k < square_steps; ++k, exponent >>= 1)
    if (exponent & 1u)
      power = multiply_mod_p(table[k], power);
  return power;
}

} // namespace

// The pre- and post-inversions of A's and B's CRCs cancel against those of
// the whole, so the unconditioned algebra carries over as it is.
uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t size_b_bytes) {
  return multiply_mod_p(shift_by_bytes(size_b_bytes), crc_a) ^ crc_b;
}

uint32_t crc32c_extend_portable(uint32_t crc, const void* data, size_t size_bytes) {
  auto in = static_cast<const uint8_t*>(data);
  uint32_t state = ~crc;
  for (size_t i = 0; i < size_bytes; ++i)
    state = crc_table[(state ^ in[i]) & 0xFFu] ^ (state >> 8);
  return ~state;
}

bool crc32c_hardware_available() {
#if defined(__x86_64__)
  static const bool available = detect_sse42();
  return available;
#else
  return false;
#endif
}

uint32_t crc32c_extend(uint32_t crc, const void* data, size_t size_bytes) {
#if defined(__x86_64__)
  if (crc32c_hardware_available())
    return crc32c_sse42(crc, static_cast<const uint8_t*>(data), size_bytes);
#endif
  return crc32c_extend_portable(crc, data, size_bytes);
}

} // namespace strom
