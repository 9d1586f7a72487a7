#pragma once
// The node's group service: the coordinator of every consumer group whose
// partition of __consumer_offsets has its leader on this node (Kafka's
// GroupCoordinator, one per broker).
//
// When the local replica of partition p becomes leader, the service writes
// a marker record to p and, once it is committed (so is everything before
// it), reads p from the start up to the marker and replays the groups and
// committed offsets (actors/group/group_replay). Until then requests for p's
// groups get coordinator_not_available; a node that does not lead p answers
// not_coordinator. Every change of a group (a new generation, a commit, a
// deletion) is written to p with acks=all before it is answered, so a new
// coordinator carries on from exactly what members were told.
//
//   controller service --coordinator(p, replica, leads)--> service
//   sessions, admin --broker--> service --produce/fetch--> replica of p

#include <chrono>
#include <map>
#include <utility>

#include <caf/stateful_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/group/group_replay.hpp"
#include "messages/interfaces.hpp"

namespace strom {

struct group_service_settings {
  node_id self;
  // Asked for the cluster's metadata: the partition count of
  // __consumer_offsets and of every topic groups subscribe to.
  local_broker_actor broker;
  replay_settings limits;
  std::chrono::milliseconds tick_interval_ms{100};
  std::chrono::milliseconds metadata_interval_ms{1000};
  std::chrono::milliseconds request_timeout_ms{10'000};
  std::chrono::milliseconds load_retry_ms{500};
  uint64_t load_fetch_bytes_max = 1 << 20;
};

using member_key = std::pair<std::string, std::string>; // group, member id

// One partition of __consumer_offsets that this node leads.
struct coordinator_slot {
  replica_actor replica;
  // Which load this is: answers to an earlier one's writes are dropped.
  uint64_t epoch = 0;
  bool loading = false;
  bool loaded = false;
  coordinator_state state;
  std::map<member_key, caf::typed_response_promise<join_group_reply>> joins;
  std::map<member_key, caf::typed_response_promise<sync_group_reply>> syncs;
};

struct group_service_state {
  static inline const char* name = "strom.group_service";

  group_service_settings settings;
  std::map<partition_id, coordinator_slot> slots;
  int32_t offsets_partitions = 0; // 0 until the metadata names the topic
  partition_counts topics;
  // How far this node had applied the controller's log when `topics` was
  // read: groups ignore views older than the one their counts came from.
  raft_index topics_applied{0};
  uint64_t next_epoch = 0;
  int64_t metadata_due_ms = 0;
};

using group_service_ptr = group_service_actor::stateful_pointer<group_service_state>;

group_service_actor::behavior_type group_service(group_service_ptr self,
                                                 group_service_settings settings);

// Spawns the service and registers it with the broker.
group_service_actor start_group_service(caf::actor_system& sys, group_service_settings settings);

} // namespace strom
