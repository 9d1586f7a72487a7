#include "net/kafka/sasl_api.hpp"

#include <utility>

#include "net/kafka/api_table.hpp"
#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

constexpr int16_t session_lifetime_from = 1;

} // namespace

result<std::string> read_sasl_handshake(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::sasl_handshake, version)};
  auto mechanism = r.string();
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "SaslHandshake: " + r.failure()};
  return mechanism;
}

std::string write_sasl_handshake(int16_t version, error_code error,
                                 const std::vector<std::string>& mechanisms) {
  wire_writer w{is_flexible(api_key::sasl_handshake, version)};
  w.int16(wire(error));
  w.array_length(static_cast<int64_t>(mechanisms.size()));
  for (const auto& m : mechanisms)
    w.string(m);
  w.tagged_fields();
  return w.take();
}

result<std::string> read_sasl_authenticate(int16_t version, std::string_view body) {
  wire_reader r{body, is_flexible(api_key::sasl_authenticate, version)};
  auto auth_bytes = r.nullable_bytes();
  if (!auth_bytes && !r.failed())
    r.fail("null auth_bytes");
  r.tagged_fields();
  if (r.failed())
    return error{errc::bad_request, "SaslAuthenticate: " + r.failure()};
  return std::move(*auth_bytes);
}

std::string write_sasl_authenticate(int16_t version, const sasl_authenticate_answer& answer) {
  wire_writer w{is_flexible(api_key::sasl_authenticate, version)};
  w.int16(wire(answer.error));
  w.nullable_string(answer.error_message);
  w.bytes(answer.auth_bytes);
  if (version >= session_lifetime_from)
    w.int64(answer.session_lifetime_ms);
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
