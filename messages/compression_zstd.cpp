// zstd frames (libzstd). Decompression streams into a bounded buffer rather
// than trusting the size a frame declares: a frame may lie about it or not
// give it, and either way the output must stop at bytes_max.

#include <memory>

#include <zstd.h>

#include "messages/compression_codecs.hpp"

namespace strom::detail {
namespace {

constexpr const char* codec_name = "zstd";
// The window a frame may ask for is what the decoder allocates. A streaming
// compressor that does not know its input's size picks up to 8 MiB (2^23,
// levels up to 19) even for a small batch, so that much is always allowed;
// beyond it, only as much as bytes_max could ever need. 2^27 is zstd's own
// default cap.
constexpr int window_log_floor = 23;
constexpr int window_log_cap = 27;

int window_log_max(size_t bytes_max) {
  int log = window_log_floor;
  while (log < window_log_cap && (size_t{1} << log) < bytes_max)
    ++log;
  return log;
}

struct context_free {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

} // namespace

result<std::string> zstd_compress(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  size_t written =
    ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), ZSTD_CLEVEL_DEFAULT);
  if (ZSTD_isError(written))
    return bad_stream(codec_name, ZSTD_getErrorName(written));
  out.resize(written);
  return out;
}

result<std::string> zstd_decompress(std::string_view bytes, size_t bytes_max) {
  std::unique_ptr<ZSTD_DCtx, context_free> context{ZSTD_createDCtx()};
  if (!context ||
      ZSTD_isError(ZSTD_DCtx_setParameter(context.get(), ZSTD_d_windowLogMax,
                                          window_log_max(bytes_max))))
    return bad_stream(codec_name, "cannot start a decompression context");
  auto step = [&](std::string_view in, char* room, size_t room_bytes) -> result<stream_step> {
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    ZSTD_outBuffer output{room, room_bytes, 0};
    // 0: the frame ended; else a hint of the input still expected.
    size_t hint = ZSTD_decompressStream(context.get(), &output, &input);
    if (ZSTD_isError(hint))
      return bad_stream(codec_name, ZSTD_getErrorName(hint));
    return stream_step{input.pos, output.pos, hint == 0};
  };
  return decode_stream(codec_name, bytes, bytes_max, step);
}

} // namespace strom::detail
