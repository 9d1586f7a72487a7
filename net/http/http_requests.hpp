#pragma once
// REST request bodies and query parameters, parsed and checked before the
// cluster sees them. Pure: each returns what is wrong, naming the field,
// or fills its output.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/metadata_types.hpp"
#include "net/client/consumer_config.hpp"
#include "net/door/door_client.hpp"
#include "net/http/record_json.hpp"
#include "net/http/request_error.hpp"

namespace strom {

using query_map = std::map<std::string, std::string>;

// The body as JSON; an empty body is `{}` (for requests whose fields are
// all optional).
std::optional<request_error> parse_body(std::string_view body, nlohmann::json& out);

// POST /v1/topics {name, partitions, replication_factor, retention_ms,
// retention_bytes, configs: {"cleanup.policy": "delete", ...}}
std::optional<request_error> parse_topic_spec(const nlohmann::json& in, topic_spec& out);

// POST /v1/topics/T/configs {configs: {"retention.ms": "1000", ...},
// reset: ["max.message.bytes", ...]}: at least one key. Values are strings
// or integers; the controller checks the keys.
std::optional<request_error> parse_config_changes(const nlohmann::json& in,
                                                  std::vector<config_change>& out);

// POST /v1/topics/T/records {encoding, records: [...]}
std::optional<request_error> parse_produce(const nlohmann::json& in, size_t records_max,
                                           std::vector<door_record>& out);

// POST /v1/consumers/G {topics, auto_offset_reset, auto_commit}
struct consumer_request {
  std::vector<std::string> topics; // empty: subscribe later
  reset_policy auto_offset_reset = reset_policy::earliest;
  bool auto_commit = false;
};
std::optional<request_error> parse_consumer_request(const nlohmann::json& in,
                                                    consumer_request& out);

// POST .../subscription {topics: [...]}: at least one.
std::optional<request_error> parse_topic_list(const nlohmann::json& in,
                                              std::vector<std::string>& out);

// ?name=N as an integer in [min, max]; `out` is left alone when absent.
std::optional<request_error> query_integer(const query_map& query, const std::string& name,
                                           int64_t min, int64_t max, int64_t& out);
// ?offset=N, earliest or latest (door_earliest_offset, door_latest_offset).
std::optional<request_error> query_offset(const query_map& query, int64_t& out);
// ?encoding=utf8|base64, utf8 when absent.
std::optional<request_error> query_encoding(const query_map& query, record_encoding& out);
// A path's partition segment: an integer >= 0.
std::optional<request_error> parse_partition_segment(const std::string& text, int32_t& out);

} // namespace strom
