#include "messages/security/scram_credential.hpp"

#include <algorithm>
#include <cctype>

namespace strom {

const char* to_string(scram_mechanism m) {
  return m == scram_mechanism::sha_512 ? "SCRAM-SHA-512" : "SCRAM-SHA-256";
}

std::optional<scram_mechanism> parse_scram_mechanism(std::string_view text) {
  std::string upper;
  for (char c : text)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "SCRAM-SHA-256")
    return scram_mechanism::sha_256;
  if (upper == "SCRAM-SHA-512")
    return scram_mechanism::sha_512;
  return std::nullopt;
}

size_t digest_size_bytes(scram_mechanism m) {
  constexpr size_t sha_256_bytes = 32;
  constexpr size_t sha_512_bytes = 64;
  return m == scram_mechanism::sha_512 ? sha_512_bytes : sha_256_bytes;
}

result<void> validate(const scram_credential& c) {
  if (c.mechanism != scram_mechanism::sha_256 && c.mechanism != scram_mechanism::sha_512)
    return strom::error{errc::bad_request, "unknown SCRAM mechanism"};
  if (c.salt.empty())
    return strom::error{errc::bad_request, "a SCRAM credential needs a salt"};
  auto size = digest_size_bytes(c.mechanism);
  if (c.stored_key.size() != size || c.server_key.size() != size)
    return strom::error{errc::bad_request, std::string{"the keys of "} + to_string(c.mechanism) +
                                              " are " + std::to_string(size) + " bytes"};
  if (c.iterations < scram_iterations_min || c.iterations > scram_iterations_max)
    return strom::error{errc::bad_request,
                        "SCRAM iterations must be from " + std::to_string(scram_iterations_min) +
                          " to " + std::to_string(scram_iterations_max)};
  return {};
}

} // namespace strom
