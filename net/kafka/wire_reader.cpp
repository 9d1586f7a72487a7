#include "net/kafka/wire_reader.hpp"

namespace strom::kafka {

namespace {

// A varint of more bytes than this is malformed (35 bits for 32, 70 for 64).
constexpr int uvarint32_bytes_max = 5;
constexpr int uvarint64_bytes_max = 10;

template <class T>
T big_endian(const char* p) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    value = static_cast<T>((value << 8) | static_cast<uint8_t>(p[i]));
  return value;
}

} // namespace

void wire_reader::fail(std::string why) {
  if (failed_)
    return;
  failed_ = true;
  failure_ = std::move(why) + " at byte " + std::to_string(position_);
}

const char* wire_reader::take(size_t n) {
  if (failed_ || n > remaining()) {
    fail("the request ends early");
    return nullptr;
  }
  const char* p = bytes_.data() + position_;
  position_ += n;
  return p;
}

int8_t wire_reader::int8() {
  const char* p = take(1);
  return p ? static_cast<int8_t>(*p) : 0;
}

int16_t wire_reader::int16() {
  const char* p = take(2);
  return p ? static_cast<int16_t>(big_endian<uint16_t>(p)) : 0;
}

int32_t wire_reader::int32() {
  const char* p = take(4);
  return p ? static_cast<int32_t>(big_endian<uint32_t>(p)) : 0;
}

int64_t wire_reader::int64() {
  const char* p = take(8);
  return p ? static_cast<int64_t>(big_endian<uint64_t>(p)) : 0;
}

uint32_t wire_reader::uvarint() {
  uint64_t value = 0;
  for (int i = 0; i < uvarint32_bytes_max; ++i) {
    const char* p = take(1);
    if (p == nullptr)
      return 0;
    auto byte = static_cast<uint8_t>(*p);
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (value > UINT32_MAX)
        break;
      return static_cast<uint32_t>(value);
    }
  }
  fail("a malformed unsigned varint");
  return 0;
}

int32_t wire_reader::varint() {
  auto raw = uvarint();
  return static_cast<int32_t>((raw >> 1) ^ (~(raw & 1) + 1));
}

int64_t wire_reader::varlong() {
  uint64_t raw = 0;
  for (int i = 0; i < uvarint64_bytes_max; ++i) {
    const char* p = take(1);
    if (p == nullptr)
      return 0;
    auto byte = static_cast<uint8_t>(*p);
    raw |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0)
      return static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1));
  }
  fail("a malformed varlong");
  return 0;
}

std::string wire_reader::uuid() {
  const char* p = take(16);
  return p ? std::string(p, 16) : std::string(16, '\0');
}

std::optional<std::string> wire_reader::sized(int64_t length) {
  if (length < 0)
    return std::nullopt;
  const char* p = take(static_cast<size_t>(length));
  return p ? std::string(p, static_cast<size_t>(length)) : std::string{};
}

std::optional<std::string> wire_reader::nullable_string() {
  int64_t length = flexible_ ? static_cast<int64_t>(uvarint()) - 1 : int16();
  if (length < -1)
    fail("a string of negative length");
  return sized(length);
}

std::string wire_reader::string() { return nullable_string().value_or(""); }

std::optional<std::string> wire_reader::nullable_bytes() {
  int64_t length = flexible_ ? static_cast<int64_t>(uvarint()) - 1 : int32();
  if (length < -1)
    fail("bytes of negative length");
  return sized(length);
}

std::vector<std::string> wire_reader::string_array() {
  std::vector<std::string> out;
  for (int32_t i = 0, n = array_length(); i < n && !failed_; ++i)
    out.push_back(string());
  return out;
}

int32_t wire_reader::array_length() {
  int64_t count = flexible_ ? static_cast<int64_t>(uvarint()) - 1 : int32();
  if (count < -1) {
    fail("an array of negative length");
    return 0;
  }
  // Every element takes a byte at least: a larger count is a lie that would
  // make the caller reserve or loop for nothing.
  if (count > static_cast<int64_t>(remaining())) {
    fail("an array longer than the request");
    return 0;
  }
  return static_cast<int32_t>(count);
}

void wire_reader::tagged_fields() {
  if (!flexible_)
    return;
  auto count = uvarint();
  for (uint32_t i = 0; i < count && !failed_; ++i) {
    uvarint(); // the tag: none of the fields strom reads is tagged
    take(uvarint());
  }
}

} // namespace strom::kafka
