#pragma once
// What a WebSocket upgrade asks for: GET /v1/topics/T/ws?group=G (the
// group's share of the topic, from its commits), or ?partition=P&offset=O
// (one partition, no group; offset a number, earliest (the default) or
// latest), with ?encoding=utf8|base64 for the records, and for a group
// ?commit=written (the default: the group commits what the client's TCP
// acknowledged) or ?commit=client (only what the client commits itself:
// {"commit": [{"partition": P, "offset": O}]}). Pure.

#include <optional>
#include <string>

#include "net/http/record_json.hpp"
#include "net/http/request_error.hpp"
#include "net/http/route.hpp"

namespace strom {

struct ws_request {
  std::string topic;
  std::string group; // empty: partition and offset
  int32_t partition = -1;
  int64_t offset = door_earliest_offset;
  record_encoding encoding = record_encoding::utf8;
  // ?commit=client: the group commits only what the client says it processed.
  bool client_commits = false;
};

std::optional<request_error> parse_ws_request(const route& r, ws_request& out);

} // namespace strom
