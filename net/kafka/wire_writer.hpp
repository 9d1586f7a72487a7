#pragma once
// Writes Kafka's encodings into a response: the counterpart of wire_reader,
// classic or compact by the writer's mode. A length-prefixed frame is built
// by reserving the size field first and filling it in at the end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strom::kafka {

class wire_writer {
public:
  explicit wire_writer(bool flexible) : flexible_(flexible) {}

  void int8(int8_t v) { out_.push_back(static_cast<char>(v)); }
  void int16(int16_t v) { big_endian(static_cast<uint16_t>(v), 2); }
  void int32(int32_t v) { big_endian(static_cast<uint32_t>(v), 4); }
  void int64(int64_t v) { big_endian(static_cast<uint64_t>(v), 8); }
  void boolean(bool v) { int8(v ? 1 : 0); }
  void uvarint(uint64_t v);
  void varint(int32_t v);  // zigzag
  void varlong(int64_t v); // zigzag
  void uuid(std::string_view sixteen_bytes);

  void string(std::string_view s);
  void nullable_string(const std::optional<std::string>& s);
  void bytes(std::string_view b);
  void nullable_bytes(const std::optional<std::string>& b);
  // The length of bytes whose contents the caller sends as a piece of their
  // own after what was written so far (a Fetch answer's records).
  void bytes_length(size_t size) { length(static_cast<int64_t>(size), 4); }
  // The count of an array whose elements follow; -1 writes a null array.
  void array_length(int64_t count);
  // An empty set of tagged fields (flexible versions only).
  void tagged_fields();
  void raw(std::string_view b) { out_.append(b.data(), b.size()); }

  // Where an int32 written now sits, to overwrite it later.
  size_t reserve_int32();
  void patch_int32(size_t at, int32_t v);

  bool flexible() const { return flexible_; }
  size_t size() const { return out_.size(); }
  // What was written; the writer is empty afterwards and can go on.
  std::string take() {
    std::string out;
    out.swap(out_);
    return out;
  }
  const std::string& bytes_so_far() const { return out_; }

private:
  void big_endian(uint64_t v, int width);
  void length(int64_t n, int classic_width);

  bool flexible_;
  std::string out_;
};

} // namespace strom::kafka
