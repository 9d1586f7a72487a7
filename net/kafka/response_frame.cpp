#include "net/kafka/response_frame.hpp"

#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

std::string response_head(const request_header& request, size_t body_bytes) {
  bool flexible = request.api && response_header_flexible(*request.api, request.api_version);
  wire_writer w{flexible};
  auto size_at = w.reserve_int32();
  w.int32(request.correlation_id);
  w.tagged_fields();
  w.patch_int32(size_at, static_cast<int32_t>(w.size() - 4 + body_bytes));
  return w.take();
}

std::string frame_response(const request_header& request, std::string_view body) {
  return response_head(request, body.size()).append(body.data(), body.size());
}

} // namespace strom::kafka
