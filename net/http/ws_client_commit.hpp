#pragma once
// What a WebSocket client of ?commit=client sends to commit what it
// processed: {"commit": [{"partition": P, "offset": O}, ...]}, O the next
// offset to read (as Kafka commits), for partitions of the socket's topic.
// Pure: the offsets, or what is wrong, naming the field.

#include <string>
#include <variant>

#include "net/client/consumer_config.hpp"
#include "net/http/request_error.hpp"

namespace strom {

std::variant<consumer_positions, request_error> parse_ws_client_commit(const std::string& text,
                                                                       const std::string& topic);

// What the door answers on the socket: {"type": "committed", "offsets":
// [...]} once the group took them; {"type": "error", "error", "message"}.
std::string ws_committed_text(const consumer_positions& offsets);
std::string ws_error_text(const std::string& error, const std::string& message);

} // namespace strom
