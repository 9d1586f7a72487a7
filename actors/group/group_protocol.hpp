#pragma once
// What members ask a group's coordinator and what it answers (Kafka's
// JoinGroup, SyncGroup, Heartbeat, LeaveGroup), as plain values for
// group_state. A join or a sync may not be answerable at once: the call then
// returns pending_reply and the answer comes out of take_completed() later.
//
// Two kinds of group answer to the same requests. strom's own (an empty
// protocol type): members name assignors and topics, and the coordinator
// computes the assignment. Kafka's classic protocol (a protocol type such as
// "consumer" or "connect"): members send opaque metadata per protocol, the
// leader member computes the assignment from every member's metadata and
// sends it in its sync, and the coordinator relays each member its bytes.

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/group/group_types.hpp"
#include "messages/result.hpp"

namespace strom {

struct group_limits {
  // Kafka's group.min.session.timeout.ms and group.max.session.timeout.ms.
  int32_t session_timeout_ms_min = 6'000;
  int32_t session_timeout_ms_max = 1'800'000;
  // Kafka's group.initial.rebalance.delay.ms: the first rebalance of an
  // empty group waits this long for more members, so a group that starts
  // together rebalances once, not once per member.
  int32_t initial_rebalance_delay_ms = 3'000;
  // Kafka's group.max.size (unbounded there; every queue has a bound here).
  size_t members_max = 1'000;
};

enum class group_phase { empty, preparing_rebalance, completing_rebalance, stable, dead };

const char* to_string(group_phase phase);

struct join_request {
  member_id member;                              // empty: a new member
  std::optional<std::string> group_instance_id;  // static membership
  std::string client_id;
  int32_t session_timeout_ms = 45'000;
  int32_t rebalance_timeout_ms = 300'000; // Kafka's max.poll.interval.ms
  std::vector<std::string> protocols;     // assignor names, preferred first
  std::set<std::string> subscription;     // topic names
  // Kafka's classic protocol: its type and each protocol's opaque metadata,
  // in the order of `protocols`. Empty type: a strom group.
  std::string protocol_type;
  std::vector<std::string> protocol_metadata;
  // What the member consumes now and the generation it got it in. Eager
  // members have given it up already and send it for stickiness only.
  partition_set owned;
  generation_id owned_generation = no_generation;
};

// A member as the leader of a Kafka group learns of it: its metadata for
// the protocol the group chose.
struct joined_member {
  member_id id;
  std::optional<std::string> group_instance_id;
  std::string metadata;
};

struct join_response {
  member_id member;
  generation_id generation;
  std::string protocol;
  member_id leader;
  std::string protocol_type;
  // Kafka groups: every member, in the leader's answer only.
  std::vector<joined_member> members;
  // Kafka's MEMBER_ID_REQUIRED (KIP-394): a new member is given its id at
  // once and joins again with it, so that it knows its id while the group
  // forms and can leave by it (a client closed before its first assignment
  // is gone at once, not after a session timeout).
  bool member_id_required = false;
};

struct sync_response {
  generation_id generation;
  std::string protocol;
  partition_set assignment;
  // Kafka groups: the member's bytes as the leader assigned them.
  std::string protocol_type;
  std::string opaque_assignment;
};

// Kafka groups: what the leader's sync assigns each member (members it does
// not name get empty bytes).
using opaque_assignments = std::map<member_id, std::string>;

// The answer comes later, from take_completed().
struct pending_reply {
  member_id member;
};

using join_reply = std::variant<join_response, pending_reply>;
using sync_reply = std::variant<sync_response, pending_reply>;

struct completed_join {
  member_id member;
  result<join_response> response;
};

struct completed_sync {
  member_id member;
  result<sync_response> response;
};

// Answers to pending joins and syncs, in the order they became known.
struct group_completions {
  std::vector<completed_join> joins;
  std::vector<completed_sync> syncs;
  // What changed the group and why (a rebalance and its reason, a member
  // out, a generation formed), for the coordinator's log: as Kafka's
  // GroupCoordinator says why each rebalance happened.
  std::vector<std::string> notes;

  bool empty() const { return joins.empty() && syncs.empty(); }
};

} // namespace strom
