#pragma once
// SaslHandshake (key 17) v0-v1, never flexible, and SaslAuthenticate (key
// 36) v0-v2, flexible (KIP-482) from v2: a client names a SASL mechanism,
// then sends the mechanism's messages, each answered with the server's.
// v0 of SaslHandshake means the client goes on with bare SASL frames, not
// SaslAuthenticate (KIP-152): the codecs read and write the same bytes at
// both versions, what follows is the door's concern. The mechanism's bytes
// are opaque here; sasl_exchange reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

// The mechanism the client chose, as it spelled it.
result<std::string> read_sasl_handshake(int16_t version, std::string_view body);
// Kafka lists the mechanisms the door takes in every answer, not only in a refusal.
std::string write_sasl_handshake(int16_t version, error_code error,
                                 const std::vector<std::string>& mechanisms);

// The client's SASL message. A null one is refused: the field is not nullable.
result<std::string> read_sasl_authenticate(int16_t version, std::string_view body);

struct sasl_authenticate_answer {
  error_code error = error_code::none;
  std::optional<std::string> error_message; // null without an error
  std::string auth_bytes;                   // the server's SASL message
  int64_t session_lifetime_ms = 0;          // v1+; 0: the session does not expire
};

std::string write_sasl_authenticate(int16_t version, const sasl_authenticate_answer& answer);

} // namespace strom::kafka
