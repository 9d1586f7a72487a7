#pragma once
// A response as it goes on the wire: int32 size, the response header
// (correlation id; tagged fields in v1), then the body.

#include <cstdint>
#include <string>
#include <string_view>

#include "net/kafka/request_frame.hpp"

namespace strom::kafka {

std::string frame_response(const request_header& request, std::string_view body);

} // namespace strom::kafka
