// lz4 in the LZ4 frame format (lz4frame.h), as Kafka's clients write it.
// Frames one after another are read as their concatenation.

#include <memory>

#include <lz4frame.h>

#include "messages/compression_codecs.hpp"

namespace strom::detail {
namespace {

constexpr const char* codec_name = "lz4";

struct context_free {
  void operator()(LZ4F_dctx* context) const { LZ4F_freeDecompressionContext(context); }
};
using decompression_context = std::unique_ptr<LZ4F_dctx, context_free>;

decompression_context new_context() {
  LZ4F_dctx* context = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&context, LZ4F_VERSION)))
    return nullptr;
  return decompression_context{context};
}

} // namespace

result<std::string> lz4_compress(std::string_view bytes) {
  std::string out(LZ4F_compressFrameBound(bytes.size(), nullptr), '\0');
  size_t written =
    LZ4F_compressFrame(out.data(), out.size(), bytes.data(), bytes.size(), nullptr);
  if (LZ4F_isError(written))
    return bad_stream(codec_name, LZ4F_getErrorName(written));
  out.resize(written);
  return out;
}

result<std::string> lz4_decompress(std::string_view bytes, size_t bytes_max) {
  auto context = new_context();
  if (!context)
    return bad_stream(codec_name, "cannot start a decompression context");
  auto step = [&](std::string_view in, char* room, size_t room_bytes) -> result<stream_step> {
    size_t read = in.size();
    // 0: the frame ended; else a hint of the input still expected.
    size_t hint = LZ4F_decompress(context.get(), room, &room_bytes, in.data(), &read, nullptr);
    if (LZ4F_isError(hint))
      return bad_stream(codec_name, LZ4F_getErrorName(hint));
    return stream_step{read, room_bytes, hint == 0};
  };
  return decode_stream(codec_name, bytes, bytes_max, step);
}

} // namespace strom::detail
