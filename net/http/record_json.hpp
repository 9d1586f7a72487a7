#pragma once
// Records as JSON, both ways. Keys, values and header values are UTF-8
// strings, or base64 when the request (its "encoding", or the query's
// ?encoding=) says "base64"; null is a null key, a tombstone, a header
// without value. Going out in the default utf8 encoding, a record whose
// bytes are not all UTF-8 is sent in base64 and says so in its own
// "encoding".

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/client/consumer_config.hpp"
#include "net/door/door_client.hpp"
#include "net/http/request_error.hpp"

namespace strom {

enum class record_encoding { utf8, base64 };

// "utf8" (or absent: `fallback`) and "base64"; nothing for anything else.
std::optional<record_encoding> encoding_named(const std::string& name);

// One record of a produce request, records[index] of it; its partition
// must be >= 0 (whether the topic has it is the cluster's to say).
std::optional<request_error> parse_record(const nlohmann::json& in, const std::string& field,
                                          record_encoding encoding, door_record& out);

nlohmann::json record_json(const consumer_record& in, record_encoding encoding);
nlohmann::json records_json(const std::vector<consumer_record>& in, record_encoding encoding);

} // namespace strom
