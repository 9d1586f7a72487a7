#include "net/kafka/request_frame.hpp"

#include "net/kafka/wire_reader.hpp"

namespace strom::kafka {

namespace {

constexpr size_t size_field_bytes = 4;
// A buffer drained past this many consumed bytes is compacted.
constexpr size_t compact_after_bytes = 64 * 1024;

int32_t read_size(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v = (v << 8) | static_cast<uint8_t>(p[i]);
  return static_cast<int32_t>(v);
}

} // namespace

result<std::optional<std::string>> frame_splitter::next() {
  if (consumed_ >= compact_after_bytes) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  if (buffered_bytes() < size_field_bytes)
    return std::optional<std::string>{};
  auto size = read_size(buffer_.data() + consumed_);
  if (size < 0 || static_cast<size_t>(size) > frame_bytes_max_)
    return error{errc::bad_request,
                 "a frame of " + std::to_string(size) + " bytes (the limit is "
                   + std::to_string(frame_bytes_max_) + ")"};
  if (buffered_bytes() < size_field_bytes + static_cast<size_t>(size))
    return std::optional<std::string>{};
  std::string frame = buffer_.substr(consumed_ + size_field_bytes, static_cast<size_t>(size));
  consumed_ += size_field_bytes + static_cast<size_t>(size);
  return std::optional<std::string>{std::move(frame)};
}

result<parsed_request> parse_request(std::string_view frame) {
  // The client id is a classic nullable string in every header version.
  wire_reader r{frame, false};
  parsed_request out;
  auto& h = out.header;
  h.api_key = r.int16();
  h.api_version = r.int16();
  h.correlation_id = r.int32();
  h.client_id = r.nullable_string();
  h.api = api_of(h.api_key);
  if (!r.failed() && h.api && request_header_flexible(*h.api, h.api_version)) {
    wire_reader tags{frame.substr(r.position()), true};
    tags.tagged_fields();
    if (tags.failed())
      return error{errc::bad_request, "request header: " + tags.failure()};
    out.body = frame.substr(r.position() + tags.position());
    return out;
  }
  if (r.failed())
    return error{errc::bad_request, "request header: " + r.failure()};
  out.body = frame.substr(r.position());
  return out;
}

} // namespace strom::kafka
