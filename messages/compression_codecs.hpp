#pragma once
// Internal to compression.cpp: one pair of functions per codec, and the
// bounded output buffer every decompressor writes into, so that no codec
// can be talked into growing a batch past its limit.

#include <cstddef>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace strom::detail {

// bad_request, "<codec>: <what>": every refusal of a stream.
strom::error bad_stream(const char* codec, const std::string& what);
strom::error over_bytes_max(const char* codec, size_t bytes_max);

// Output that grows chunk by chunk up to one byte past `bytes_max`: a
// decompressor that fills that last byte has shown the stream is too large,
// without the whole of it ever being held.
class bounded_output {
public:
  explicit bounded_output(size_t bytes_max) : bytes_max_(bytes_max) {}

  // Room to write into: never empty unless over().
  char* room();
  size_t room_bytes() const { return bytes_.size() - used_; }
  void wrote(size_t bytes) { used_ += bytes; }
  bool over() const { return used_ > bytes_max_; }
  size_t bytes_max() const { return bytes_max_; }
  std::string take() &&;

private:
  std::string bytes_;
  size_t used_ = 0;
  size_t bytes_max_;
};

// What one call of a streaming decoder did.
struct stream_step {
  size_t read = 0;    // input bytes consumed
  size_t written = 0; // output bytes produced
  bool ended = false; // a frame ended with this call
};

// Feeds `bytes` to a streaming decoder, `step(input, room, room_bytes)` ->
// result<stream_step>, until the input is read and its last frame ended:
// frames one after another read as their concatenation. The output stops
// one byte past bytes_max, whatever the frames declare.
template <class Step>
result<std::string> decode_stream(const char* codec, std::string_view bytes, size_t bytes_max,
                                  Step&& step) {
  bounded_output out{bytes_max};
  bool ended = false;
  while (!out.over() && (!bytes.empty() || !ended)) {
    char* room = out.room();
    auto done = step(bytes, room, out.room_bytes());
    if (!done)
      return done.error();
    out.wrote(done->written);
    bytes.remove_prefix(done->read);
    ended = done->ended;
    if (done->read == 0 && done->written == 0)
      break; // no progress: the frame is truncated
  }
  if (out.over())
    return over_bytes_max(codec, bytes_max);
  if (!ended)
    return bad_stream(codec, "truncated frame");
  return std::move(out).take();
}

result<std::string> gzip_compress(std::string_view bytes);
result<std::string> gzip_decompress(std::string_view bytes, size_t bytes_max);
result<std::string> snappy_compress(std::string_view bytes);
result<std::string> snappy_decompress(std::string_view bytes, size_t bytes_max);
result<std::string> lz4_compress(std::string_view bytes);
result<std::string> lz4_decompress(std::string_view bytes, size_t bytes_max);
result<std::string> zstd_compress(std::string_view bytes);
result<std::string> zstd_decompress(std::string_view bytes, size_t bytes_max);

} // namespace strom::detail
