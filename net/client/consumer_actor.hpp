#pragma once
// The consumer as an event-based actor in the application's actor system.
//
//   application -> consumer: subscribe(topics), assign(partitions),
//                            poll(max records, wait ms) -> records,
//                            commit -> (), seek, pause, resume,
//                            assignment -> partitions, positions -> offsets,
//                            close -> ()
//   sessions    -> consumer: push(records), push_error(partition, error)
//   its timer   -> consumer: tick
//
// One session per broker it needs (open_session): the coordinator's, for
// the group protocol and commits, and each partition leader's, which pushes
// that partition's records. Everything that can fail (finding the
// coordinator, joining, looking up a start offset, subscribing at a leader)
// is retried from the tick (every 50 ms) once its request ended, so that
// one place decides what to do next: reconcile().

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/group/consumer_membership.hpp"
#include "net/client/consumer.hpp"
#include "net/client/metadata_client.hpp"

// Polled records stay in the process: no need to make them serializable.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<strom::consumer_record>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(strom::consumer_positions)

namespace strom {

using consumer_clock = std::chrono::steady_clock;

struct owned_partition {
  // The next offset to hand to the application; nullopt until known.
  std::optional<record_offset> position;
  // Where handing out began since the partition was assigned or sought: an
  // explicit commit below it (or before it is known) speaks of an earlier
  // assignment and is dropped, so a late commit never moves a group back.
  std::optional<record_offset> start;
  // A lookup to run first: a committed offset (nullopt spec) or a reset.
  std::optional<int64_t> reset_spec;
  bool needs_committed = false;
  // The next offset the session pushes.
  record_offset fetch_position;
  std::optional<node_id> subscribed_at;
  bool busy = false; // a lookup or a subscribe is in flight
  // Bumped by every seek, pause and resume: the answer to a lookup or
  // subscribe begun before it is stale and must not move the partition back.
  uint64_t epoch = 0;
  bool paused = false;
};

// One push, decoded, until the application has polled all of it; then its
// bytes are granted back to the session that pushed it.
struct pushed_chunk {
  topic_partition partition;
  node_id node;
  uint64_t bytes = 0;
  std::vector<stored_record> records;
  size_t next = 0;
};

struct pending_poll {
  caf::response_promise promise;
  size_t max_records = 0;
  consumer_clock::time_point deadline;
};

struct consumer_state {
  static inline const char* name = "strom.consumer";

  consumer_config config;
  // What the consumer knows of the cluster, and how it asks.
  std::unique_ptr<metadata_client> cluster;
  bool metadata_in_flight = false;
  bool metadata_stale = true;

  std::map<node_id, session_actor> sessions;
  std::set<node_id> opening;

  // The group.
  std::set<std::string> topics; // subscribed; empty with assign()
  // Its phase, member id, generation, lease, and what is in flight.
  consumer_membership membership;
  consumer_clock::time_point next_auto_commit;
  node_id heartbeat_node{-1}; // where the last heartbeat went, for the debug log

  std::map<topic_partition, owned_partition> owned;
  std::deque<pushed_chunk> buffer;
  // on_records had no room: nothing is pushed to it until a resume.
  bool push_held = false;
  std::vector<pending_poll> polls;
  bool closing = false;
  // A close waiting for the positions it will commit (close_atom, deadline).
  caf::response_promise close_waiting;
};

using consumer_ptr = caf::stateful_actor<consumer_state>*;

caf::behavior consumer_actor(consumer_ptr self, std::vector<endpoint> bootstrap,
                             consumer_config config);

} // namespace strom
