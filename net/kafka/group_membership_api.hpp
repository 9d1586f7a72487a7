#pragma once
// The classic group membership protocol, as a member speaks it to its
// group's coordinator: JoinGroup (key 11) v0-v7, SyncGroup (key 14) v0-v5,
// Heartbeat (key 12) v0-v4 and LeaveGroup (key 13) v0-v4, each flexible
// (KIP-482) from JoinGroup v6, SyncGroup v4, Heartbeat v4, LeaveGroup v4.
// The flexible encoding follows from the version alone. Metadata and
// assignments stay opaque bytes: the coordinator never parses them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "net/kafka/kafka_errors.hpp"

namespace strom::kafka {

struct join_group_protocol {
  std::string name;
  std::string metadata;
};

struct join_group_request {
  std::string group;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;    // v0 has none: set it to session_timeout_ms
  std::string member;                  // "" for a new member
  std::optional<std::string> instance; // group_instance_id, v5+
  std::string protocol_type;
  std::vector<join_group_protocol> protocols;
};

result<join_group_request> read_join_group(int16_t version, std::string_view body);

struct join_group_member {
  std::string member;
  std::optional<std::string> instance; // v5+
  std::string metadata;
};

struct join_group_response {
  error_code error = error_code::none;
  int32_t generation = -1;
  std::optional<std::string> protocol_type; // v7+ (nullable)
  std::optional<std::string> protocol_name; // nullable from v7; written "" when null before v7
  std::string leader;
  std::string member;
  std::vector<join_group_member> members; // only the leader's response has them
};

std::string write_join_group(int16_t version, const join_group_response& response);

struct sync_group_assignment {
  std::string member;
  std::string assignment;
};

struct sync_group_request {
  std::string group;
  int32_t generation = -1;
  std::string member;
  std::optional<std::string> instance;            // v3+
  std::optional<std::string> protocol_type;       // v5+
  std::optional<std::string> protocol_name;       // v5+
  std::vector<sync_group_assignment> assignments; // only the leader sends them
};

result<sync_group_request> read_sync_group(int16_t version, std::string_view body);

struct sync_group_response {
  error_code error = error_code::none;
  std::optional<std::string> protocol_type; // v5+
  std::optional<std::string> protocol_name; // v5+
  std::string assignment;
};

std::string write_sync_group(int16_t version, const sync_group_response& response);

struct heartbeat_request {
  std::string group;
  int32_t generation = -1;
  std::string member;
  std::optional<std::string> instance; // v3+
};

result<heartbeat_request> read_heartbeat(int16_t version, std::string_view body);
std::string write_heartbeat(int16_t version, error_code error);

struct leave_group_member {
  std::string member;
  std::optional<std::string> instance;
};

// v0-v2 name one member (member_id); v3+ a list of members (member_id, group_instance_id).
struct leave_group_request {
  std::string group;
  std::vector<leave_group_member> members;
};

result<leave_group_request> read_leave_group(int16_t version, std::string_view body);

struct leave_group_member_result {
  std::string member;
  std::optional<std::string> instance;
  error_code error = error_code::none;
};

// v0-v2 carry only `error`; v3+ also each member's result.
std::string write_leave_group(int16_t version, error_code error,
                              const std::vector<leave_group_member_result>& members);

} // namespace strom::kafka
