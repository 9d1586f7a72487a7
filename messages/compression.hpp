#pragma once
// The record compression codecs, as Kafka numbers them in a batch's
// attributes (bits 0-2): the records of a batch are compressed as one stream
// and stored as they came, so a batch produced compressed through any door
// is fetched compressed and decompressed by the consumer alone.
//
//   gzip:   RFC 1952 (zlib)
//   snappy: a raw block, or xerial framing (magic "\x82SNAPPY\0", then
//           int32-length-prefixed blocks) as the Java client writes it;
//           both are read, xerial is written
//   lz4:    the LZ4 frame format (liblz4)
//   zstd:   a zstd frame (libzstd)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace strom {

enum class compression_codec : uint8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };

// Kafka's compression.type names: none, gzip, snappy, lz4, zstd.
const char* to_string(compression_codec codec);
std::optional<compression_codec> compression_codec_of(std::string_view name);
// The codec of attribute bits 0-2; nothing for 5-7, which no codec has.
std::optional<compression_codec> compression_codec_of_bits(uint32_t attributes);

// bad_request only for `none`, which has nothing to compress.
result<std::string> compress(compression_codec codec, std::string_view bytes);

// bad_request for bytes that are not a stream of the codec, and for one that
// would decompress to more than `bytes_max` (a batch cannot grow without
// bound on a broker or a consumer: a decompression bomb is refused early).
result<std::string> decompress(compression_codec codec, std::string_view bytes,
                               size_t bytes_max);

} // namespace strom
