// Codec names and numbers, and the dispatch to each codec's file
// (compression_gzip.cpp, _snappy, _lz4, _zstd).

#include "messages/compression.hpp"

#include <algorithm>

#include "messages/compression_codecs.hpp"

namespace strom {
namespace detail {
namespace {

// Decompressed bytes grow by this much at a time: small batches stay small,
// a large one takes a few dozen steps.
constexpr size_t output_chunk_bytes = 64u << 10;

} // namespace

strom::error bad_stream(const char* codec, const std::string& what) {
  return strom::error{errc::bad_request, std::string{codec} + ": " + what};
}

strom::error over_bytes_max(const char* codec, size_t bytes_max) {
  return bad_stream(codec, "decompresses to more than " + std::to_string(bytes_max) + " bytes");
}

char* bounded_output::room() {
  if (used_ == bytes_.size() && !over()) {
    size_t cap = bytes_max_ == SIZE_MAX ? bytes_max_ : bytes_max_ + 1;
    bytes_.resize(std::min(cap, bytes_.size() + output_chunk_bytes));
  }
  return bytes_.data() + used_;
}

std::string bounded_output::take() && {
  bytes_.resize(used_);
  return std::move(bytes_);
}

} // namespace detail

const char* to_string(compression_codec codec) {
  switch (codec) {
    case compression_codec::none: return "none";
    case compression_codec::gzip: return "gzip";
    case compression_codec::snappy: return "snappy";
    case compression_codec::lz4: return "lz4";
    case compression_codec::zstd: return "zstd";
  }
  return "unknown";
}

std::optional<compression_codec> compression_codec_of(std::string_view name) {
  for (auto codec : {compression_codec::none, compression_codec::gzip, compression_codec::snappy,
                     compression_codec::lz4, compression_codec::zstd})
    if (name == to_string(codec))
      return codec;
  return std::nullopt;
}

std::optional<compression_codec> compression_codec_of_bits(uint32_t attributes) {
  auto bits = attributes & 0x7u;
  if (bits > static_cast<uint32_t>(compression_codec::zstd))
    return std::nullopt;
  return static_cast<compression_codec>(bits);
}

result<std::string> compress(compression_codec codec, std::string_view bytes) {
  switch (codec) {
    case compression_codec::gzip: return detail::gzip_compress(bytes);
    case compression_codec::snappy: return detail::snappy_compress(bytes);
    case compression_codec::lz4: return detail::lz4_compress(bytes);
    case compression_codec::zstd: return detail::zstd_compress(bytes);
    case compression_codec::none: break;
  }
  return strom::error{errc::bad_request, "no codec to compress with"};
}

result<std::string> decompress(compression_codec codec, std::string_view bytes,
                               size_t bytes_max) {
  switch (codec) {
    case compression_codec::gzip: return detail::gzip_decompress(bytes, bytes_max);
    case compression_codec::snappy: return detail::snappy_decompress(bytes, bytes_max);
    case compression_codec::lz4: return detail::lz4_decompress(bytes, bytes_max);
    case compression_codec::zstd: return detail::zstd_decompress(bytes, bytes_max);
    case compression_codec::none: break;
  }
  return strom::error{errc::bad_request, "no codec to decompress with"};
}

} // namespace strom
