#pragma once
// The replica: the actor that drives one raft core of one group on this node.
// Thin: a timer turns into tick(), a peer's message into step(), a client's
// proposal into propose(); each ready is carried out in the core's order:
// persisted through the storage writer (nothing is sent, no vote or append
// acknowledged, before the writer says it is durable), then sent through the
// router, then applied to the state machine, then advanced.
//
//   tick/step/propose --> core --ready--> writer --persisted--> send, apply,
//                                                               advance, drain

#include <map>
#include <memory>
#include <optional>

#include <caf/typed_event_based_actor.hpp>

#include "actors/partition/partition_machine.hpp"
#include "actors/partition/partition_reader.hpp"
#include "actors/raft/core.hpp"
#include "messages/interfaces.hpp"
#include "actors/replica/state_machine.hpp"
#include "actors/replica/storage_log_view.hpp"
#include "storage/writer.hpp"

namespace strom {

struct replica_timing {
  // One raft tick. Elections after 10..20 ticks of silence, heartbeats every tick.
  std::chrono::milliseconds tick_interval_ms{50};
  int election_tick = 10;
  int heartbeat_tick = 1;
  // A ready the writer refused (a full disk) is tried again after this.
  std::chrono::milliseconds persist_retry_ms{1000};
  // Idle groups go quiet (raft quiescence): no ticks, no heartbeats.
  bool quiesce = true;
  // How long a leader that is not the preferred one leads before it hands
  // leadership to the preferred replica (Kafka's leader rebalance), in ticks.
  int preferred_leader_delay_ticks = 60;
};

struct replica_settings {
  group_id group;
  node_id self;
  // The voters of a new group; ignored once the log holds a configuration.
  std::vector<node_id> initial_voters;
  storage::env* environment = nullptr;
  storage::writer* writer = nullptr;
  raft_router_actor router;
  std::shared_ptr<state_machine> machine;
  // Set for a partition's replica, the same object as `machine`: produce,
  // fetch and list_offsets work then, and propose (arbitrary payloads) not.
  std::shared_ptr<partition_machine> partition;
  // The replica placement wants as leader (a partition's first replica), so
  // that leaders spread as evenly as replicas; no_node: whoever is elected.
  node_id preferred_leader{-1};
  // Told of every change of the group's leader (the node's controller
  // service, which answers metadata); may be null.
  controller_service_actor observer;
  replica_timing timing;
  uint64_t seed = 1;
};

struct replica_state {
  static inline const char* name = "strom.replica";

  struct waiter {
    term_id term;
    caf::typed_response_promise<raft_index> promise;
  };

  replica_settings settings;
  std::unique_ptr<storage_log_view> log;
  std::unique_ptr<raft::core> core;
  // The ready being persisted; the core hands out no other until advance().
  std::optional<raft::ready> in_flight;
  uint64_t ready_sequence = 0;
  // The hard state storage holds: term and vote as they must be; its commit
  // index may lag (see needs_persisting).
  raft::hard_state durable_state;
  bool storage_failing = false;
  // Proposals waiting to be applied, by the index of their last entry.
  std::map<raft_index, waiter> waiting;

  // Produce requests waiting for their acks: acks=all until the entry is
  // applied, acks=1 until it is durable here. A retried batch may wait on
  // the same entry as its first attempt, hence multimaps.
  struct produce_waiter {
    term_id term; // of the entry: another term at that index means it was replaced
    caf::typed_response_promise<produce_reply> promise;
    produce_reply reply;
  };
  std::multimap<raft_index, produce_waiter> on_commit;
  std::multimap<raft_index, produce_waiter> on_persist;
  // Fetches waiting for records at their offset (long poll), by sequence.
  struct parked_fetch {
    fetch_request request;
    caf::typed_response_promise<fetch_reply> promise;
  };
  std::map<uint64_t, parked_fetch> parked;
  uint64_t parked_sequence = 0;
  std::unique_ptr<partition_reader> reader;
  // A tick is due: the timer runs only while the core is awake.
  bool tick_armed = false;
  // Ticks this replica has led without being the preferred leader.
  int ticks_not_preferred = 0;
  // The leader last told to the observer.
  node_id known_leader{-1};
  term_id known_term;
};

replica_actor::behavior_type replica(replica_actor::stateful_pointer<replica_state> self,
                                     replica_settings settings);

} // namespace strom
