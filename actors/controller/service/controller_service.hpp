#pragma once
// The node's controller service: the frontend and backend of the controller
// (Redpanda's split), one per node, a file each (controller_internal.hpp).
//
// - Frontend (controller_frontend.cpp): answers metadata from the node's
//   copy of the topic table and runs topic operations. On the controller
//   leader it validates, proposes the command to raft group 0 and answers
//   once the command is applied; elsewhere it forwards the request to the
//   leader (or, on a node without a controller replica, to any controller
//   node).
// - Backend (controller_backend.cpp): applies every committed command to its
//   table (from the local controller replica, or as snapshots the leader
//   pushes to nodes that hold none) and starts or stops this node's
//   partition replicas to match it. It tells every other node which groups
//   this one leads, when that changes and every few seconds, and merges what
//   they tell (leader_table).
// - Liveness (controller_liveness.cpp), on the controller leader: keeps the
//   table's brokers in step with the manifest and with which peers are up,
//   so placement uses live brokers; creates __consumer_offsets.
//
//   controller replica --applied--> service --spawn/stop--> partition replicas
//   clients --broker--> service --propose--> controller replica (leader)
//                               --forward--> the leader's broker

#include <chrono>
#include <map>
#include <memory>
#include <set>

#include <caf/stateful_actor.hpp>

#include "actors/controller/service/leader_table.hpp"
#include "actors/controller/table_waiters.hpp"
#include "actors/controller/service/metadata_view.hpp"
#include "actors/replica/replica.hpp"
#include "actors/security/security_view.hpp"
#include "messages/interfaces.hpp"

namespace strom {

struct controller_service_settings {
  node_address self;
  std::vector<node_address> nodes;  // the manifest's, self included
  std::set<node_id> controllers;    // the manifest's controller nodes
  topic_defaults defaults;
  local_broker_actor broker;
  // Where partition replicas keep their logs.
  storage::env* environment = nullptr;
  storage::writer* writer = nullptr;
  replica_timing timing;
  // Producer ids this node takes from the controller at once and hands out
  // itself (Kafka's KIP-730): one controller command per block.
  int32_t producer_id_block = 1000;
  // When group 0 snapshots the table and drops the log before it.
  compaction_policy compaction{10000, uint64_t{4} << 20};
  std::chrono::milliseconds request_timeout_ms{5000};
  // How often the leader compares the brokers' liveness with the table.
  std::chrono::milliseconds liveness_interval_ms{500};
  // Told which partitions of __consumer_offsets this node leads; may be null.
  group_service_actor groups;
  // __consumer_offsets, created by the controller leader once enough
  // brokers are alive (Kafka's offsets.topic.num.partitions and
  // offsets.topic.replication.factor, the latter capped by the brokers).
  int32_t offsets_partitions = 12;
  int32_t offsets_replication_factor = 3;
  // Where the doors read users and ACLs; published to on every change. Null
  // when security is off.
  std::shared_ptr<security_view> security;
};

struct controller_service_state {
  static inline const char* name = "strom.controller_service";

  controller_service_settings settings;
  topic_table table;
  raft_index applied;
  leader_table leaders;
  // Ticks (liveness_interval_ms each) since the led groups were last pushed.
  int ticks_since_leaders_push = 0;
  std::map<node_id, broker_actor> peers;
  // The local replica of group 0; null on a node that is no controller.
  replica_actor controller;
  std::map<group_id, replica_actor> partitions;
  // The topic config each of those runs with (controller_topic_settings.cpp).
  std::map<group_id, topic_config> partition_configs;
  // The outcome of recently applied commands, for their proposers.
  std::map<raft_index, result<apply_effect>> outcomes;
  bool liveness_in_flight = false;
  bool offsets_topic_in_flight = false;
  // The raft groups of __consumer_offsets replicated here, with their partition.
  std::map<group_id, partition_id> offsets_groups;
  // Forwarded topic commands answered once this node's table shows them.
  table_waiters waiters;
  // A node without a controller replica asked for the whole table then (it
  // saw a gap), and asks again only a while later.
  std::chrono::steady_clock::time_point sync_asked;
  // This node's block of producer ids: [next, end) are still free.
  struct producer_id_block {
    int64_t next = 0;
    int64_t end = 0;
    bool asked = false; // a block is on its way
    std::vector<caf::typed_response_promise<int64_t>> waiting;
  } producer_ids;
};

using controller_service_ptr = controller_service_actor::stateful_pointer<controller_service_state>;

controller_service_actor::behavior_type controller_service(controller_service_ptr self,
                                                           controller_service_settings settings);

// Starts the service and, on a controller node, its replica of group 0, and
// registers the service with the broker. Both end when the service does.
controller_service_actor start_controller(caf::actor_system& sys,
                                          controller_service_settings settings);

} // namespace strom
