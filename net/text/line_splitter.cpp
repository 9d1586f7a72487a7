#include "net/text/line_splitter.hpp"

namespace strom {

void line_splitter::feed(std::string_view bytes) {
  if (discarding_) {
    auto newline = bytes.find('\n');
    if (newline == std::string_view::npos)
      return;
    discarding_ = false;
    bytes.remove_prefix(newline + 1);
  }
  compact();
  buffer_.append(bytes.data(), bytes.size());
}

bool line_splitter::has_line() const {
  if (buffer_.find('\n', scanned_) != std::string::npos)
    return true;
  return buffer_.size() - start_ > line_bytes_max_;
}

std::optional<input_line> line_splitter::next() {
  auto newline = buffer_.find('\n', scanned_);
  if (newline == std::string::npos) {
    scanned_ = buffer_.size();
    if (buffer_.size() - start_ <= line_bytes_max_)
      return std::nullopt;
    // Reported now rather than at its newline, which may never come.
    buffer_.clear();
    start_ = scanned_ = 0;
    discarding_ = true;
    return input_line{{}, true};
  }
  auto end = newline;
  if (end > start_ && buffer_[end - 1] == '\r')
    --end;
  input_line line;
  line.too_long = end - start_ > line_bytes_max_;
  if (!line.too_long)
    line.text.assign(buffer_, start_, end - start_);
  start_ = scanned_ = newline + 1;
  return line;
}

void line_splitter::compact() {
  if (start_ == 0)
    return;
  buffer_.erase(0, start_);
  scanned_ -= start_;
  start_ = 0;
}

} // namespace strom
