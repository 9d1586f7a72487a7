#pragma once
// The replica: the actor around one raft core of one group on this node.
// Thin: a timer turns into tick(), a peer's message into step(), a client's
// proposal into propose(); after each, the raft driver (actors/raft/
// driver.hpp, the one the simulator runs too) says what to do, and the
// replica does it: sends through the router, writes through the storage
// writer, applies to the state machine. The driver decides the order: a
// leader's appends go before its own write is durable; anything that
// promises a write (a vote, an acknowledgement) goes only once the writer
// says it is durable; a ready that only moves the commit index is sent and
// applied without a write; a failed or refused write is tried again after
// persist_retry_ms (retry_write). The partition hooks (settle_persisted, settle_committed,
// serve_parked, release_lost) answer clients as the core moves.
//
//   tick/step/propose --> core --> driver.next() --> send early, write
//   writer --persisted--> driver.persisted() --> send, apply, advance, drain

#include <chrono>
#include <map>
#include <memory>

#include <caf/typed_event_based_actor.hpp>

#include "actors/partition/partition_machine.hpp"
#include "actors/partition/committed_log_reader.hpp"
#include "actors/raft/core.hpp"
#include "actors/raft/driver.hpp"
#include "messages/interfaces.hpp"
#include "actors/replica/replica_watch.hpp"
#include "actors/replica/state_machine.hpp"
#include "actors/replica/topic_metrics.hpp"
#include "actors/replica/storage_log_view.hpp"
#include "storage/writer.hpp"

namespace strom {

struct replica_timing {
  // One raft tick. Elections after 10..20 ticks of silence, heartbeats every tick.
  std::chrono::milliseconds tick_interval_ms{50};
  int election_tick = 10;
  int heartbeat_tick = 1;
  // A write the writer refused or failed (a full disk) is tried again after this.
  std::chrono::milliseconds persist_retry_ms{1000};
  // Idle groups go quiet (raft quiescence): no ticks, no heartbeats.
  bool quiesce = true;
  // How long a leader that is not the preferred one leads before it hands
  // leadership to the preferred replica (Kafka's leader rebalance), in ticks.
  int preferred_leader_delay_ticks = 60;
};

// When a replica snapshots its state machine and drops the log the snapshot
// covers: the controller's group, whose log would otherwise keep every
// command forever and replay them all after a restart. A partition's log is
// its data: retention trims it, never this.
struct compaction_policy {
  // Entries applied since the last snapshot that make the next one; 0: never.
  uint64_t entries_max = 0;
  // Their payload bytes that make it sooner; 0: no byte bound.
  uint64_t bytes_max = 0;
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
  compaction_policy compaction;
  uint64_t seed = 1;
  // What /metrics calls this replica's group: a partition's topic and index
  // ("__controller" 0 for the controller's); empty: not counted.
  std::string metrics_topic;
  int32_t metrics_partition = 0;
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
  // Drives the core: what goes out before or after which write (driver.hpp).
  std::unique_ptr<raft::driver> driver;
  // The last write failed and is tried again: produce and propose are
  // refused until one lands.
  bool storage_failing = false;
  // The node's store failed for good (replica_halt.cpp): this replica takes
  // no part in its group any more.
  bool halted = false;
  // Proposals waiting to be applied, by the index of their last entry.
  std::map<raft_index, waiter> waiting;

  // Produce requests waiting for their acks: acks=all until the entry is
  // applied, acks=1 until it is durable here. A retried batch may wait on
  // the same entry as its first attempt, hence multimaps.
  struct produce_waiter {
    term_id term; // of the entry: another term at that index means it was replaced
    caf::typed_response_promise<produce_reply> promise;
    produce_reply reply;
    std::chrono::steady_clock::time_point since; // its arrival, for its latency
  };
  std::multimap<raft_index, produce_waiter> on_commit;
  std::multimap<raft_index, produce_waiter> on_persist;
  // Fetches waiting for records at their offset (long poll), by sequence.
  struct parked_fetch {
    fetch_request request;
    caf::typed_response_promise<fetch_reply> promise;
    std::chrono::steady_clock::time_point since; // its arrival, for its latency
    // Served once the high watermark passes it: the request's offset, or
    // the watermark when only batches a compaction emptied lay between.
    record_offset served_past;
  };
  std::map<uint64_t, parked_fetch> parked;
  // Fetches past the log's end, waiting for a read barrier (a no-op of the
  // leader's term, by its raft index) to commit before being told
  // offset_out_of_range: a deposed leader that does not know it yet must not
  // send a consumer back to its reset policy (the entries it lacks are on
  // the new leader).
  struct fetch_barrier {
    term_id term;
    caf::typed_response_promise<fetch_reply> promise;
    fetch_request request;
  };
  std::multimap<raft_index, fetch_barrier> fetch_barriers;
  uint64_t parked_sequence = 0;
  std::unique_ptr<committed_log_reader> reader;
  // A tick is due: the timer runs only while the core is awake.
  bool tick_armed = false;
  // Ticks this replica has led without being the preferred leader.
  int ticks_not_preferred = 0;
  // The first tick came: a new group's preferred replica stood then.
  bool first_tick_done = false;
  // The leader last told to the observer.
  node_id known_leader{-1};
  term_id known_term;
  // Since the last snapshot (or the start): what compaction_policy counts.
  uint64_t entries_since_snapshot = 0;
  uint64_t bytes_since_snapshot = 0;
  // A snapshot and the drop of the log it covers are on their way to disk.
  bool compacting = false;
  // Snapshots this replica took of its own state machine.
  uint64_t snapshots_taken = 0;
  // What /metrics shows of this replica; topic_counts is null unless it is
  // a counted partition.
  std::unique_ptr<replica_watch> watch;
  topic_metrics* topic_counts = nullptr;
};

replica_actor::behavior_type replica(replica_actor::stateful_pointer<replica_state> self,
                                     replica_settings settings);

} // namespace strom
