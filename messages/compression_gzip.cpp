// gzip (RFC 1952) through zlib: windowBits 15 + 16 selects the gzip wrapper.
// A stream of several gzip members is read as their concatenation, as
// RFC 1952 allows and gunzip does.

#include <algorithm>
#include <climits>

#include <zlib.h>

#include "messages/compression_codecs.hpp"

namespace strom::detail {
namespace {

constexpr const char* codec_name = "gzip";
// zlib's largest window, plus 16 for the gzip header and trailer.
constexpr int gzip_window_bits = 15 + 16;
constexpr int memory_level = 8; // zlib's default

// Closes the stream on every path out.
struct inflate_stream {
  z_stream z{};
  bool open = false;
  ~inflate_stream() {
    if (open)
      inflateEnd(&z);
  }
};

} // namespace

result<std::string> gzip_compress(std::string_view bytes) {
  if (bytes.size() > UINT_MAX)
    return bad_stream(codec_name, "input above 4 GiB");
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window_bits, memory_level,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    return bad_stream(codec_name, "cannot start deflate");
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END)
    return bad_stream(codec_name, "deflate did not finish");
  return out;
}

result<std::string> gzip_decompress(std::string_view bytes, size_t bytes_max) {
  if (bytes.size() > UINT_MAX)
    return bad_stream(codec_name, "input above 4 GiB");
  inflate_stream s;
  if (inflateInit2(&s.z, gzip_window_bits) != Z_OK)
    return bad_stream(codec_name, "cannot start inflate");
  s.open = true;
  s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  s.z.avail_in = static_cast<uInt>(bytes.size());
  bounded_output out{bytes_max};
  int status = Z_OK;
  while (!out.over()) {
    s.z.next_out = reinterpret_cast<Bytef*>(out.room());
    s.z.avail_out = static_cast<uInt>(std::min<size_t>(out.room_bytes(), UINT_MAX));
    uInt room = s.z.avail_out;
    status = inflate(&s.z, Z_NO_FLUSH);
    out.wrote(room - s.z.avail_out);
    if (status == Z_STREAM_END && s.z.avail_in > 0 && inflateReset(&s.z) == Z_OK)
      continue; // the next member
    if (status != Z_OK)
      break;
  }
  if (out.over())
    return over_bytes_max(codec_name, bytes_max);
  if (status != Z_STREAM_END)
    return bad_stream(codec_name, s.z.msg ? s.z.msg : "truncated or not gzip");
  return std::move(out).take();
}

} // namespace strom::detail
