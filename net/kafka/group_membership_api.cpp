#include "net/kafka/group_membership_api.hpp"

#include "net/kafka/api_table.hpp"

#include "net/kafka/wire_reader.hpp"
#include "net/kafka/wire_writer.hpp"

namespace strom::kafka {

namespace {

// The last version of each that these codecs know (JoinGroup v8 and
// LeaveGroup v5 add a `reason` they do not read).
constexpr int16_t join_group_version_max = 7;
constexpr int16_t sync_group_version_max = 5;
constexpr int16_t heartbeat_version_max = 4;
constexpr int16_t leave_group_version_max = 4;

// First versions of fields (the *Request/*Response.json of each API).
constexpr int16_t join_rebalance_timeout_from = 1;
constexpr int16_t join_throttle_from = 2;
constexpr int16_t join_instance_from = 5;
constexpr int16_t join_protocol_type_from = 7; // and protocol_name nullable
constexpr int16_t sync_throttle_from = 1;
constexpr int16_t sync_instance_from = 3;
constexpr int16_t sync_protocol_from = 5;
constexpr int16_t heartbeat_throttle_from = 1;
constexpr int16_t heartbeat_instance_from = 3;
constexpr int16_t leave_throttle_from = 1;
constexpr int16_t leave_members_from = 3;

// Kafka's own readers refuse a null where the JSON allows none (a group id,
// a member id, metadata bytes): so do these, instead of reading it as "".
std::string required_string(wire_reader& r) {
  auto s = r.nullable_string();
  if (!s)
    r.fail("a null string where the field is not nullable");
  return s.value_or("");
}

std::string required_bytes(wire_reader& r) {
  auto b = r.nullable_bytes();
  if (!b)
    r.fail("null bytes where the field is not nullable");
  return b.value_or("");
}

int32_t required_array_length(wire_reader& r) {
  auto count = r.array_length();
  if (count < 0) {
    r.fail("a null array where the field is not nullable");
    return 0;
  }
  return count;
}

// A version past what the body is read as would lose fields silently.
std::optional<error> unknown_version(const char* api, int16_t version, int16_t version_max) {
  if (version >= 0 && version <= version_max)
    return std::nullopt;
  return error{errc::bad_request, std::string{api} + ": no version " + std::to_string(version)};
}

// An array of (string, bytes) structs: JoinGroup's protocols (name,
// metadata) and SyncGroup's assignments (member, assignment).
template <class Entry>
std::vector<Entry> read_named_bytes(wire_reader& r) {
  std::vector<Entry> out;
  auto count = required_array_length(r);
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    auto name = required_string(r);
    auto bytes = required_bytes(r);
    r.tagged_fields();
    out.push_back({std::move(name), std::move(bytes)});
  }
  return out;
}

// The head SyncGroup and Heartbeat share: who speaks, in which generation.
template <class Request>
void read_member_head(wire_reader& r, int16_t version, int16_t instance_from, Request& out) {
  out.group = required_string(r);
  out.generation = r.int32();
  out.member = required_string(r);
  if (version >= instance_from)
    out.instance = r.nullable_string();
}

// Bytes after the last field are left unread, as the door's other readers
// leave them.
template <class T>
result<T> finish(const char* api, wire_reader& r, T out) {
  r.tagged_fields(); // the request's own
  if (r.failed())
    return error{errc::bad_request, std::string{api} + ": " + r.failure()};
  return out;
}

// How every answer here starts: the throttle time where the version has one
// (strom never throttles), then the error.
wire_writer answer_head(bool flexible, bool throttled, error_code error) {
  wire_writer w{flexible};
  if (throttled)
    w.int32(0);
  w.int16(wire(error));
  return w;
}

void write_join_member(wire_writer& w, int16_t version, const join_group_member& m) {
  w.string(m.member);
  if (version >= join_instance_from)
    w.nullable_string(m.instance);
  w.bytes(m.metadata);
  w.tagged_fields();
}

} // namespace

result<join_group_request> read_join_group(int16_t version, std::string_view body) {
  if (auto refusal = unknown_version("JoinGroup", version, join_group_version_max))
    return *refusal;
  wire_reader r{body, is_flexible(api_key::join_group, version)};
  join_group_request out;
  out.group = required_string(r);
  out.session_timeout_ms = r.int32();
  out.rebalance_timeout_ms =
    version >= join_rebalance_timeout_from ? r.int32() : out.session_timeout_ms;
  out.member = required_string(r);
  if (version >= join_instance_from)
    out.instance = r.nullable_string();
  out.protocol_type = required_string(r);
  out.protocols = read_named_bytes<join_group_protocol>(r);
  return finish("JoinGroup", r, std::move(out));
}

std::string write_join_group(int16_t version, const join_group_response& response) {
  auto w = answer_head(is_flexible(api_key::join_group, version), version >= join_throttle_from,
                       response.error);
  w.int32(response.generation);
  if (version >= join_protocol_type_from) {
    w.nullable_string(response.protocol_type);
    w.nullable_string(response.protocol_name);
  } else {
    // Not nullable before v7: an error answer names no protocol.
    w.string(response.protocol_name.value_or(""));
  }
  w.string(response.leader);
  w.string(response.member);
  w.array_length(static_cast<int64_t>(response.members.size()));
  for (const auto& m : response.members)
    write_join_member(w, version, m);
  w.tagged_fields();
  return w.take();
}

result<sync_group_request> read_sync_group(int16_t version, std::string_view body) {
  if (auto refusal = unknown_version("SyncGroup", version, sync_group_version_max))
    return *refusal;
  wire_reader r{body, is_flexible(api_key::sync_group, version)};
  sync_group_request out;
  read_member_head(r, version, sync_instance_from, out);
  if (version >= sync_protocol_from) {
    out.protocol_type = r.nullable_string();
    out.protocol_name = r.nullable_string();
  }
  out.assignments = read_named_bytes<sync_group_assignment>(r);
  return finish("SyncGroup", r, std::move(out));
}

std::string write_sync_group(int16_t version, const sync_group_response& response) {
  auto w = answer_head(is_flexible(api_key::sync_group, version), version >= sync_throttle_from,
                       response.error);
  if (version >= sync_protocol_from) {
    w.nullable_string(response.protocol_type);
    w.nullable_string(response.protocol_name);
  }
  w.bytes(response.assignment);
  w.tagged_fields();
  return w.take();
}

result<heartbeat_request> read_heartbeat(int16_t version, std::string_view body) {
  if (auto refusal = unknown_version("Heartbeat", version, heartbeat_version_max))
    return *refusal;
  wire_reader r{body, is_flexible(api_key::heartbeat, version)};
  heartbeat_request out;
  read_member_head(r, version, heartbeat_instance_from, out);
  return finish("Heartbeat", r, std::move(out));
}

std::string write_heartbeat(int16_t version, error_code error) {
  auto w = answer_head(is_flexible(api_key::heartbeat, version), version >= heartbeat_throttle_from,
                       error);
  w.tagged_fields();
  return w.take();
}

result<leave_group_request> read_leave_group(int16_t version, std::string_view body) {
  if (auto refusal = unknown_version("LeaveGroup", version, leave_group_version_max))
    return *refusal;
  wire_reader r{body, is_flexible(api_key::leave_group, version)};
  leave_group_request out;
  out.group = required_string(r);
  if (version < leave_members_from) {
    out.members.push_back({required_string(r), std::nullopt});
    return finish("LeaveGroup", r, std::move(out));
  }
  auto count = required_array_length(r);
  for (int32_t i = 0; i < count && !r.failed(); ++i) {
    leave_group_member m;
    m.member = required_string(r);
    m.instance = r.nullable_string();
    r.tagged_fields();
    out.members.push_back(std::move(m));
  }
  return finish("LeaveGroup", r, std::move(out));
}

std::string write_leave_group(int16_t version, error_code error,
                              const std::vector<leave_group_member_result>& members) {
  auto w = answer_head(is_flexible(api_key::leave_group, version), version >= leave_throttle_from,
                       error);
  if (version >= leave_members_from) {
    w.array_length(static_cast<int64_t>(members.size()));
    for (const auto& m : members) {
      w.string(m.member);
      w.nullable_string(m.instance);
      w.int16(wire(m.error));
      w.tagged_fields();
    }
  }
  w.tagged_fields();
  return w.take();
}

} // namespace strom::kafka
