// snappy: a raw block (what most clients write) or xerial framing (what the
// Java client writes): the magic "\x82SNAPPY\0", a big-endian int32 version
// and compatible version, then blocks each prefixed by its big-endian int32
// length. Both are read; xerial is written, so that every client reads it.

#include <snappy.h>

#include "messages/compression_codecs.hpp"

namespace strom::detail {
namespace {

constexpr const char* codec_name = "snappy";
constexpr std::string_view xerial_magic{"\x82SNAPPY\0", 8};
constexpr uint32_t xerial_version = 1;
constexpr uint32_t xerial_compatible_version = 1;
constexpr size_t xerial_header_bytes = 16;
// The Java client's block size: readers size their buffers by it.
constexpr size_t xerial_block_bytes = 32u << 10;

void put_be32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xFFu));
}

uint32_t get_be32(std::string_view at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<uint8_t>(at[i]);
  return value;
}

// One raw block appended to `out`, its declared length checked first so
// that a lying length allocates nothing.
result<void> append_block(std::string_view block, std::string& out, size_t bytes_max) {
  size_t length = 0;
  if (!snappy::GetUncompressedLength(block.data(), block.size(), &length))
    return bad_stream(codec_name, "not a snappy block");
  if (length > bytes_max - out.size())
    return over_bytes_max(codec_name, bytes_max);
  if (!snappy::IsValidCompressedBuffer(block.data(), block.size()))
    return bad_stream(codec_name, "corrupt snappy block");
  size_t at = out.size();
  out.resize(at + length);
  if (!snappy::RawUncompress(block.data(), block.size(), out.data() + at))
    return bad_stream(codec_name, "corrupt snappy block");
  return {};
}

result<std::string> read_xerial(std::string_view bytes, size_t bytes_max) {
  std::string out;
  bytes.remove_prefix(xerial_header_bytes);
  while (!bytes.empty()) {
    if (bytes.size() < 4)
      return bad_stream(codec_name, "truncated xerial block length");
    uint32_t length = get_be32(bytes);
    bytes.remove_prefix(4);
    if (length > bytes.size())
      return bad_stream(codec_name, "xerial block beyond the end");
    if (auto ok = append_block(bytes.substr(0, length), out, bytes_max); !ok)
      return ok.error();
    bytes.remove_prefix(length);
  }
  return out;
}

} // namespace

result<std::string> snappy_compress(std::string_view bytes) {
  std::string out{xerial_magic};
  put_be32(out, xerial_version);
  put_be32(out, xerial_compatible_version);
  std::string block;
  for (size_t at = 0; at < bytes.size(); at += xerial_block_bytes) {
    auto chunk = bytes.substr(at, xerial_block_bytes);
    snappy::Compress(chunk.data(), chunk.size(), &block);
    put_be32(out, static_cast<uint32_t>(block.size()));
    out += block;
  }
  return out;
}

result<std::string> snappy_decompress(std::string_view bytes, size_t bytes_max) {
  if (bytes.size() >= xerial_header_bytes && bytes.substr(0, xerial_magic.size()) == xerial_magic)
    return read_xerial(bytes, bytes_max);
  std::string out;
  if (auto ok = append_block(bytes, out, bytes_max); !ok)
    return ok.error();
  return out;
}

} // namespace strom::detail
