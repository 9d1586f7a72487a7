#include "tests/integration/kafka/kafka_frames.hpp"

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::testing {

std::string kafka_request(int16_t api_key, int16_t version, int32_t correlation_id,
                          const std::string& body) {
  kafka::wire_writer w{false};
  auto size_at = w.reserve_int32();
  w.int16(api_key);
  w.int16(version);
  w.int32(correlation_id);
  w.string("strom-test");
  w.raw(body);
  w.patch_int32(size_at, static_cast<int32_t>(w.size() - 4));
  return w.take();
}

std::string kafka_size(int32_t size) {
  kafka::wire_writer w{false};
  w.int32(size);
  return w.take();
}

std::optional<kafka_response> read_response(line_client& c, std::chrono::milliseconds wait_ms) {
  auto size_field = c.read_exactly(4, wait_ms);
  if (!size_field)
    return std::nullopt;
  kafka::wire_reader size{*size_field, false};
  auto frame = c.read_exactly(static_cast<size_t>(size.int32()), wait_ms);
  if (!frame || frame->size() < 4)
    return std::nullopt;
  kafka::wire_reader r{*frame, false};
  kafka_response out;
  out.correlation_id = r.int32();
  out.body = frame->substr(4);
  return out;
}

std::optional<api_versions_body> read_api_versions_v0(const std::string& body) {
  kafka::wire_reader r{body, false};
  api_versions_body out;
  out.error_code = r.int16();
  auto count = r.array_length();
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    api_version_range range;
    range.key = r.int16();
    range.min_version = r.int16();
    range.max_version = r.int16();
    out.ranges.push_back(range);
  }
  if (r.failed() || r.remaining() != 0)
    return std::nullopt;
  return out;
}

} // namespace strom::testing
