#pragma once
// Takes typed values off the front of a fuzzer's input, so that a harness
// can build structured input (a log's layout, a length and then bytes) from
// the raw bytes. Past the end it gives zeros and empty strings: every input
// means something.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace strom::fuzz {

class byte_reader {
public:
  byte_reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  template <class Integer>
  Integer take() {
    static_assert(std::is_integral_v<Integer>);
    Integer value = 0;
    size_t n = std::min(sizeof value, size_ - at_);
    std::memcpy(&value, data_ + at_, n);
    at_ += n;
    return value;
  }

  std::string take_bytes(size_t count) {
    size_t n = std::min(count, size_ - at_);
    std::string out(reinterpret_cast<const char*>(data_ + at_), n);
    at_ += n;
    return out;
  }

  std::string take_rest() { return take_bytes(size_ - at_); }

  bool empty() const { return at_ == size_; }

private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// What a byte_reader gives back for `value` (its bytes in memory order).
template <class Integer>
std::string bytes_of(Integer value) {
  std::string out(sizeof value, '\0');
  std::memcpy(out.data(), &value, sizeof value);
  return out;
}

} // namespace strom::fuzz
