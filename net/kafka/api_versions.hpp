#pragma once
// ApiVersions (key 18): what a client asks first on every connection. A
// version the door does not take is answered in the v0 layout with
// UNSUPPORTED_VERSION and the supported ranges, so that the client can pick
// one and ask again (KIP-511), as Kafka does.

#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "net/kafka/request_frame.hpp"

namespace strom::kafka {

// The body of the response to an ApiVersions request; an error only for a
// body that cannot be read.
result<std::string> answer_api_versions(const request_header& header, std::string_view body);

} // namespace strom::kafka
