#pragma once
// Kafka's framing: each request is an int32 size, then that many bytes: the
// request header (api key, version, correlation id, client id; tagged
// fields in v2), then the body. `frame_splitter` cuts a connection's bytes
// into frames without trusting the size (a negative one, or one above the
// limit, is an error before any of it is buffered); `parse_request_header`
// reads the header of one frame.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "net/kafka/api_table.hpp"

namespace strom::kafka {

class frame_splitter {
public:
  explicit frame_splitter(size_t frame_bytes_max) : frame_bytes_max_(frame_bytes_max) {}

  void received(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }
  // The next whole frame (without its size), nothing while it is incomplete,
  // or an error for a size that cannot be: the connection must then close,
  // since nothing after it can be framed.
  result<std::optional<std::string>> next();
  size_t buffered_bytes() const { return buffer_.size() - consumed_; }

private:
  size_t frame_bytes_max_;
  std::string buffer_;
  size_t consumed_ = 0;
};

struct request_header {
  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t correlation_id = 0;
  std::optional<std::string> client_id;
  // The API as the door knows it; nothing for a key it does not answer.
  std::optional<api_range> api;
};

struct parsed_request {
  request_header header;
  std::string_view body; // into the frame
};

// Reads the header of `frame`. An unknown API key yields a header without
// `api` (its header is read as v1, which every version before flexible ones
// shares); a frame too short for a header is an error.
result<parsed_request> parse_request(std::string_view frame);

} // namespace strom::kafka
