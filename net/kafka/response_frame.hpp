#pragma once
// A response as it goes on the wire: int32 size, the response header
// (correlation id; tagged fields in v1), then the body.

#include <cstdint>
#include <string>
#include <string_view>

#include "net/kafka/request_frame.hpp"

namespace strom::kafka {

// The size and the response header: what goes before a body of body_bytes.
std::string response_head(const request_header& request, size_t body_bytes);

// The head and the body as one string.
std::string frame_response(const request_header& request, std::string_view body);

} // namespace strom::kafka
