#pragma once
// What replica.cpp (raft driving) and replica_partition.cpp (produce, fetch,
// list offsets) share. Internal to the replica actor.

#include <iterator>

#include "actors/replica/replica.hpp"

namespace strom::replica_detail {

using replica_ptr = replica_actor::stateful_pointer<replica_state>;

// Takes the core's next ready, if any, and carries it out.
void drain(replica_ptr self);
void send_all(replica_ptr self, std::vector<raft::message>& messages);

// --- a failed store (replica_halt.cpp) ---------------------------------------
// Halts the replica when the node's store has failed; true when halted.
bool halt_if_store_failed(replica_ptr self);
// What a halted replica answers every request with (storage_io).
caf::error halted_error(replica_ptr self);
// What a write that keeps failing is refused with until one lands.
caf::error persist_error(replica_ptr self);

// Waiters (by raft index) on entries past the log's end wait for entries a
// new leader truncated: they never come, so each is told `why`.
// `why` makes the error, only when some waiter gets it: drain runs after
// every message, and an error's text costs allocations.
template <class Waiters, class MakeError>
void release_past(Waiters& waiters, raft_index last, MakeError why) {
  while (!waiters.empty() && std::prev(waiters.end())->first > last) {
    std::prev(waiters.end())->second.promise.deliver(why());
    waiters.erase(std::prev(waiters.end()));
  }
}

// --- own snapshots (replica_compaction.cpp) ---------------------------------
// An applied entry counts towards the next snapshot.
void count_applied(replica_state& st, const raft::entry& e);
// Snapshots the state machine and drops the log it covers, when the
// compaction policy says so and no snapshot is on its way already.
void maybe_compact(replica_ptr self);
// The snapshot at index landed (ok) or failed.
void on_compacted(replica_ptr self, raft_index index, bool ok);

// --- partitions (replica_partition.cpp) ---------------------------------------
caf::result<produce_reply> on_produce(replica_ptr self, produce_request& request);
caf::result<fetch_reply> on_fetch(replica_ptr self, const fetch_request& request);
caf::result<record_offset> on_list_offsets(replica_ptr self, int64_t spec);
caf::result<timed_offset> on_offset_for_time(replica_ptr self, int64_t timestamp_ms);
void on_fetch_expired(replica_ptr self, uint64_t sequence);
// Entries up to the core's persisted index are durable here: acks=1 answers.
void settle_persisted(replica_ptr self);
// The entry was applied: acks=all answers waiting on it.
void settle_committed(replica_ptr self, const raft::entry& e);
// Followers acknowledged: acks=all waiting for min.insync.replicas copies
// beyond the commit answers.
void settle_copies(replica_ptr self);
// The topic's config changed: the partition takes it from the next batch.
void on_configure(replica_ptr self, const topic_config& config);
// The high watermark may have moved: parked fetches that can be served are.
void serve_parked(replica_ptr self);
// Waiters on entries a new leader replaced, and parked fetches of a replica
// that is no longer leader, get not_leader.
void release_lost(replica_ptr self);
// Every produce and fetch waiting here gets `why`: the replica halted.
void release_halted(replica_ptr self, const caf::error& why);

} // namespace strom::replica_detail
