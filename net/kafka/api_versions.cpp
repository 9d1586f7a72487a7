#include "net/kafka/api_versions.hpp"

#include "net/kafka/kafka_errors.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

constexpr int16_t first_with_throttle = 1;

std::string ranges_body(error_code code, int16_t version, bool flexible) {
  wire_writer w{flexible};
  w.int16(wire(code));
  const auto& apis = supported_apis();
  w.array_length(static_cast<int64_t>(apis.size()));
  for (const auto& api : apis) {
    w.int16(static_cast<int16_t>(api.key));
    w.int16(api.min_version);
    w.int16(api.max_version);
    w.tagged_fields();
  }
  if (version >= first_with_throttle)
    w.int32(0); // throttle_time_ms: no quotas
  w.tagged_fields();
  return w.take();
}

} // namespace

result<std::string> answer_api_versions(const request_header& header, std::string_view body) {
  const auto& api = *header.api;
  if (header.api_version < api.min_version || header.api_version > api.max_version)
    return ranges_body(error_code::unsupported_version, 0, false);
  bool flexible = is_flexible(api, header.api_version);
  wire_reader r{body, flexible};
  if (flexible) {
    r.string(); // client_software_name
    r.string(); // client_software_version
    r.tagged_fields();
  }
  if (r.failed())
    return error{errc::bad_request, "ApiVersions: " + r.failure()};
  return ranges_body(error_code::none, header.api_version, flexible);
}

} // namespace strom::kafka
