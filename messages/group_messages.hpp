#pragma once
// What consumers, sessions and group coordinators say to each other (Kafka's
// JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch,
// ListGroups, DescribeGroups, DeleteGroups) and what a session pushes to a
// subscribed consumer. Plain values that cross the wire; actors/group holds
// the logic.

#include <cstdint>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "messages/types.hpp"

namespace strom {

struct topic_partition {
  std::string topic;
  partition_id partition;

  friend bool operator<(const topic_partition& a, const topic_partition& b) {
    return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
  }
  friend bool operator==(const topic_partition& a, const topic_partition& b) {
    return a.topic == b.topic && a.partition == b.partition;
  }
  friend bool operator!=(const topic_partition& a, const topic_partition& b) { return !(a == b); }
  friend std::ostream& operator<<(std::ostream& out, const topic_partition& tp) {
    return out << tp.topic << "/" << tp.partition;
  }
  template <class Inspector>
  friend auto inspect(Inspector& f, topic_partition& x) {
    return f(x.topic, x.partition);
  }
};

// The internal topic whose partitions hold groups and committed offsets.
inline constexpr const char* offsets_topic_name = "__consumer_offsets";

struct join_group_request {
  std::string group;
  std::string member;            // empty: a new member
  std::string group_instance_id; // static membership; empty: dynamic
  std::string client_id;
  int32_t session_timeout_ms = 45'000;
  int32_t rebalance_timeout_ms = 300'000;
  std::vector<std::string> protocols; // assignor names, preferred first
  std::vector<std::string> subscription;
  std::vector<topic_partition> owned; // what the member consumes now
  int32_t owned_generation = -1;
  // Kafka's classic protocol (through the Kafka door): its protocol type
  // and each protocol's opaque metadata, in the order of `protocols`.
  // Empty type: a strom member.
  std::string protocol_type;
  std::vector<std::string> protocol_metadata;

  template <class Inspector>
  friend auto inspect(Inspector& f, join_group_request& x) {
    return f(x.group, x.member, x.group_instance_id, x.client_id, x.session_timeout_ms,
             x.rebalance_timeout_ms, x.protocols, x.subscription, x.owned, x.owned_generation,
             x.protocol_type, x.protocol_metadata);
  }
};

// A member of a Kafka group as its leader learns of it.
struct join_group_member {
  std::string member;
  std::string group_instance_id; // empty: dynamic
  std::string metadata;          // for the protocol the group chose

  template <class Inspector>
  friend auto inspect(Inspector& f, join_group_member& x) {
    return f(x.member, x.group_instance_id, x.metadata);
  }
};

struct join_group_reply {
  std::string member;
  int32_t generation = -1;
  std::string protocol;
  std::string leader;
  // Kafka's MEMBER_ID_REQUIRED (KIP-394): a new member got its id and must
  // join again with it; nothing else of the reply is set.
  bool member_id_required = false;
  std::string protocol_type;
  std::vector<join_group_member> members; // Kafka groups, to the leader only

  template <class Inspector>
  friend auto inspect(Inspector& f, join_group_reply& x) {
    return f(x.member, x.generation, x.protocol, x.leader, x.member_id_required,
             x.protocol_type, x.members);
  }
};

// A member of a generation: sync, heartbeat and leave name one.
struct member_ref {
  std::string group;
  std::string member;
  int32_t generation = -1;
  // A static member's instance id, when the request names it: a stale
  // incarnation is fenced by it.
  std::string group_instance_id;

  template <class Inspector>
  friend auto inspect(Inspector& f, member_ref& x) {
    return f(x.group, x.member, x.generation, x.group_instance_id);
  }
};

// What a Kafka group's leader assigns one member: bytes only the members
// understand.
struct member_assignment {
  std::string member;
  std::string assignment;

  template <class Inspector>
  friend auto inspect(Inspector& f, member_assignment& x) {
    return f(x.member, x.assignment);
  }
};

struct sync_group_reply {
  int32_t generation = -1;
  std::string protocol;
  std::vector<topic_partition> assignment;
  std::string protocol_type;
  std::string opaque_assignment; // Kafka groups

  template <class Inspector>
  friend auto inspect(Inspector& f, sync_group_reply& x) {
    return f(x.generation, x.protocol, x.assignment, x.protocol_type, x.opaque_assignment);
  }
};

struct partition_offset {
  topic_partition partition;
  record_offset offset;
  std::string metadata;
  int64_t commit_time_ms = -1; // set by the coordinator

  template <class Inspector>
  friend auto inspect(Inspector& f, partition_offset& x) {
    return f(x.partition, x.offset, x.metadata, x.commit_time_ms);
  }
};

// A commit by a member of a generation, or with an empty member and
// generation -1 by a client outside the group (allowed while it is empty).
struct commit_offsets_request {
  member_ref member;
  std::vector<partition_offset> offsets;

  template <class Inspector>
  friend auto inspect(Inspector& f, commit_offsets_request& x) {
    return f(x.member, x.offsets);
  }
};

struct fetch_offsets_request {
  std::string group;
  std::vector<topic_partition> partitions; // empty: all the group has

  template <class Inspector>
  friend auto inspect(Inspector& f, fetch_offsets_request& x) {
    return f(x.group, x.partitions);
  }
};

// Partitions with nothing committed are left out of the answer.
using committed_offsets = std::vector<partition_offset>;

struct group_overview {
  std::string group;
  std::string state; // empty, preparing_rebalance, completing_rebalance, stable, dead
  std::string protocol;
  int32_t member_count = 0;
  node_id coordinator{-1};
  std::string protocol_type; // empty: a strom group

  template <class Inspector>
  friend auto inspect(Inspector& f, group_overview& x) {
    return f(x.group, x.state, x.protocol, x.member_count, x.coordinator, x.protocol_type);
  }
};

struct group_member_description {
  std::string member;
  std::string group_instance_id;
  std::string client_id;
  std::vector<std::string> subscription;
  std::vector<topic_partition> assignment;
  // Kafka groups: the member's metadata for the chosen protocol and the
  // bytes the leader assigned it, as they came.
  std::string protocol_metadata;
  std::string opaque_assignment;

  template <class Inspector>
  friend auto inspect(Inspector& f, group_member_description& x) {
    return f(x.member, x.group_instance_id, x.client_id, x.subscription, x.assignment,
             x.protocol_metadata, x.opaque_assignment);
  }
};

struct group_description {
  group_overview overview;
  int32_t generation = -1;
  std::string leader;
  std::vector<group_member_description> members;
  committed_offsets offsets;

  template <class Inspector>
  friend auto inspect(Inspector& f, group_description& x) {
    return f(x.overview, x.generation, x.leader, x.members, x.offsets);
  }
};

// A consumer's session reads these partitions from the local leaders and
// pushes what commits, from `offset` on.
struct subscription_entry {
  topic_partition partition;
  group_id group; // the partition's raft group
  record_offset offset;

  template <class Inspector>
  friend auto inspect(Inspector& f, subscription_entry& x) {
    return f(x.partition, x.group, x.offset);
  }
};

// Committed batches of one partition, pushed to a subscribed consumer. The
// first batch may start below `from` (a batch is never split).
struct pushed_records {
  topic_partition partition;
  record_offset from;
  std::vector<std::string> batches;
  record_offset high_watermark;
  // Where the session reads next: the consumer checks that pushes connect.
  record_offset next_offset;

  template <class Inspector>
  friend auto inspect(Inspector& f, pushed_records& x) {
    return f(x.partition, x.from, x.batches, x.high_watermark, x.next_offset);
  }
};

} // namespace strom
