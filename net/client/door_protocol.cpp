#include "net/client/door_protocol.hpp"

namespace strom {

result<door_frame_head> door_body_reader::head() {
  uint8_t kind = 0;
  door_frame_head out;
  if (source_(kind, out.correlation))
    return strom::error{errc::bad_request, "a frame too short for its head"};
  if (kind < static_cast<uint8_t>(door_frame::login) ||
      kind > static_cast<uint8_t>(door_frame::push_error))
    return strom::error{errc::bad_request, "a frame of unknown kind " + std::to_string(kind)};
  out.kind = static_cast<door_frame>(kind);
  return out;
}

result<void> door_body_reader::finish() const {
  if (source_.remaining() != 0)
    return strom::error{errc::bad_request, "bytes after a frame's last value"};
  return {};
}

void door_frame_reader::append(const char* bytes, size_t size) {
  // What was read goes once it is most of the buffer, not on every frame.
  if (consumed_ * 2 > buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes, size);
}

result<bool> door_frame_reader::next(std::string_view& body, size_t bytes_max) {
  auto available = buffer_.size() - consumed_;
  if (available < door_frame_length_bytes)
    return false;
  uint32_t length = 0;
  for (size_t i = 0; i < door_frame_length_bytes; ++i)
    length = (length << 8) | static_cast<uint8_t>(buffer_[consumed_ + i]);
  if (length > bytes_max)
    return strom::error{errc::bad_request, "a frame of " + std::to_string(length) +
                                             " bytes, above the limit of " +
                                             std::to_string(bytes_max)};
  if (available < door_frame_length_bytes + length)
    return false;
  body = std::string_view{buffer_}.substr(consumed_ + door_frame_length_bytes, length);
  consumed_ += door_frame_length_bytes + length;
  return true;
}

} // namespace strom
