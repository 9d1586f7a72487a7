#pragma once
// Reads Kafka's encodings from one request body: big-endian integers, the
// classic int16/int32-prefixed strings, bytes and arrays, the compact
// (KIP-482, uvarint length + 1) ones of flexible versions, and tagged fields.
// A read past the end or a length that cannot be marks the reader failed:
// later reads yield zeros and empties, and the caller checks failed() once,
// at the end, instead of after every field.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strom::kafka {

class wire_reader {
public:
  // `flexible`: strings, bytes and arrays are compact, structs end with
  // tagged fields.
  wire_reader(std::string_view bytes, bool flexible) : bytes_(bytes), flexible_(flexible) {}

  int8_t int8();
  int16_t int16();
  int32_t int32();
  int64_t int64();
  bool boolean() { return int8() != 0; }
  uint32_t uvarint();
  int32_t varint();  // zigzag, as in records
  int64_t varlong(); // zigzag
  std::string uuid(); // 16 raw bytes

  // Classic or compact by the reader's mode; nullopt for a null.
  std::optional<std::string> nullable_string();
  std::string string(); // a null reads as ""
  std::optional<std::string> nullable_bytes();
  // An array's element count: -1 for null (classic) or 0-encoded null
  // (compact); each element is then read by the caller. A count larger than
  // the bytes left could hold fails the reader.
  int32_t array_length();
  // An array of strings, each read as string(); a null array reads as none.
  std::vector<std::string> string_array();
  // Skips a struct's tagged fields (flexible versions only; none otherwise).
  void tagged_fields();

  bool flexible() const { return flexible_; }
  bool failed() const { return failed_; }
  size_t position() const { return position_; }
  size_t remaining() const { return bytes_.size() - position_; }
  // What went wrong, for the log line of a closed connection.
  const std::string& failure() const { return failure_; }
  void fail(std::string why);

private:
  const char* take(size_t n);
  std::optional<std::string> sized(int64_t length);

  std::string_view bytes_;
  bool flexible_;
  size_t position_ = 0;
  bool failed_ = false;
  std::string failure_;
};

} // namespace strom::kafka
