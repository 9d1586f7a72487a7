#pragma once
// The consumer actor's parts, one file each: the behaviour and reconcile()
// (consumer_actor.cpp), membership of the group (consumer_group.cpp),
// sessions, subscriptions and pushes (consumer_fetch.cpp), start offsets and
// commits (consumer_offsets.cpp).

#include <spdlog/spdlog.h>

#include "net/client/consumer_actor.hpp"

namespace strom::consumer_detail {

// The consumer in the debug log, as "consumer C group G: ...".
template <class... Ts>
void trace(consumer_ptr self, const char* format, const Ts&... xs) {
  if (!spdlog::should_log(spdlog::level::debug))
    return;
  auto& c = self->state.config;
  spdlog::debug("consumer {} group {}: {}", c.client_id, c.group_id, fmt::format(format, xs...));
}

// --- consumer_actor.cpp
// Does whatever is due and not in flight: metadata, the group, lookups,
// subscriptions, heartbeats, auto commits, expired polls.
void reconcile(consumer_ptr self);
void refresh_metadata(consumer_ptr self);
void tell_listener(consumer_ptr self, rebalance_event::kind what,
                   std::vector<topic_partition> partitions);

// --- consumer_fetch.cpp
// The session on `node`, or nothing yet (one is being opened).
std::optional<session_actor> session_at(consumer_ptr self, node_id node);
void on_session_down(consumer_ptr self, const caf::down_msg& down);
void subscribe_partition(consumer_ptr self, const topic_partition& tp);
// Stops pushes of the partition and drops what of it is buffered.
void stop_partition(consumer_ptr self, const topic_partition& tp);
void on_push(consumer_ptr self, pushed_records& pushed);
void on_push_error(consumer_ptr self, const topic_partition& tp, const caf::error& err);
// Hands buffered records to waiting polls; expires those past their deadline.
void serve_polls(consumer_ptr self);

// --- consumer_group.cpp
// The broker node coordinating the group, from the metadata.
std::optional<node_id> coordinator(consumer_ptr self);
void step_group(consumer_ptr self);
void heartbeat(consumer_ptr self);
// The session at `node` went down: what of the membership went there will
// get no answer (CAF fails no request when a connection is lost).
void connection_lost(consumer_ptr self, node_id node);
// Ends membership: leave, then `done` (also when the leave failed).
void leave_group(consumer_ptr self, std::function<void()> done);
// Partitions now owned; added ones start from their committed offset.
void take_assignment(consumer_ptr self, const std::vector<topic_partition>& assignment);
void give_up(consumer_ptr self, const std::vector<topic_partition>& partitions,
             rebalance_event::kind why);
// The clock consumer_membership counts on (steady), in ms: its lease too.
int64_t membership_clock_ms();
// Gives up everything owned once the lease has ended (member_lease.hpp):
// called before records are handed out.
void check_lease(consumer_ptr self);

// --- consumer_offsets.cpp
void resolve_position(consumer_ptr self, const topic_partition& tp);
// Commits the positions of `partitions` (all owned: empty); `done` gets the outcome.
void commit_positions(consumer_ptr self, std::vector<topic_partition> partitions,
                      std::function<void(caf::error)> done);
// Commits these offsets (the next record to read, per partition), of the
// partitions this consumer still owns: for a consumer whose application
// decides what it has processed (a front door: what it wrote to its client).
void commit_offsets(consumer_ptr self, const consumer_positions& offsets,
                    std::function<void(caf::error)> done);
int64_t reset_spec_of(const consumer_config& config);

} // namespace strom::consumer_detail
