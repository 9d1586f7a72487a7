#pragma once
// A consumer's membership of its group, as states: idle -> joining ->
// syncing -> stable, back to idle whenever the group moves on. Every
// transition is here; the consumer actor (net/client/consumer_group.cpp)
// sends what this class says is due and reports each answer, and the
// exclusivity simulator (tests/unit/group) drives the very same class, so
// the rules it checks are the ones that run. Pure: times are milliseconds
// on a clock that never goes back, as member_lease's.
//
//   idle --join_sent--> joining --on_joined: sync--> (sync_sent) syncing
//   joining --on_joined: join_again--> joining (a new member got its id)
//   syncing --on_synced--> stable
//   any --on_failed / a heartbeat's group error / lease_lost--> idle
//   any --rejoin (a new subscription)--> idle
//
// Joins and syncs are numbered as sent, heartbeats too, and one of each is
// in flight at a time: an answer to any other request is stale. A heartbeat
// told that the group moved on gives up the join or sync sent before it
// (its late answer would speak of a group that is gone).
//
// Each request names the coordinator's node it went to. A join or sync is
// given up, and the member finds the coordinator and joins again, when its
// node's connection went down (a remote request is not failed then: it
// would wait out its timeout, over a minute) or when another node answers
// a heartbeat ok (the group moved there; the old one holds what it parked
// for nobody): the new coordinator may have the group stable with this
// member in it, so nothing else would ever tell it to rejoin.

#include <cstdint>
#include <optional>

#include "actors/group/group_types.hpp"
#include "actors/group/member_lease.hpp"
#include "messages/errors.hpp"
#include "messages/types.hpp"

namespace strom {

enum class member_phase { idle, joining, syncing, stable };

const char* to_string(member_phase phase);

// A join, sync or heartbeat as sent; its answer brings it back.
struct membership_request {
  uint64_t number = 0;
  int64_t sent_ms = 0;
  node_id coordinator{-1}; // the node it went to
};

// What a join's answer asks of the member next.
enum class after_join { stale, join_again, sync };

// What a failed request (or a heartbeat's group error) asks of the member,
// beyond what the class changed itself.
enum class after_failure {
  nothing,          // stale, or a heartbeat that changes nothing
  rejoin,           // the group is rebalancing: join again (eager members
                    // give up what they own when they do)
  lose_everything,  // no longer the group's member: what it owned is
                    // others' now; give it all up as lost
  find_coordinator, // the coordinator moved, is loading, or did not answer
};

struct membership_timing {
  int64_t session_timeout_ms = 10'000;
  int64_t heartbeat_interval_ms = 3'000;
  int64_t retry_backoff_ms = 200; // after a failure, before the next join
};

class consumer_membership {
public:
  explicit consumer_membership(membership_timing timing = {});

  // --- what is due now
  bool may_join(int64_t now_ms) const;
  // Stable and syncing members heartbeat, as Kafka's do in Stable and
  // CompletingRebalance: a sync parked at a coordinator that lost the group
  // is not waited out to its timeout; a heartbeat finds the new one, whose
  // answer (a rebalance, an unknown member) gives the sync up. So does a
  // member that rejoins while it keeps partitions (cooperative): its
  // heartbeats keep its lease meanwhile.
  bool heartbeat_due(int64_t now_ms, bool owns_partitions) const;
  // The member may hand out records of what it owns only while this holds.
  bool lease_held(int64_t now_ms) const { return lease_.held(now_ms); }

  // --- sending
  membership_request join_sent(int64_t now_ms, node_id coordinator);
  membership_request sync_sent(int64_t now_ms, node_id coordinator);
  membership_request heartbeat_sent(int64_t now_ms, node_id coordinator);

  // --- answers
  after_join on_joined(const membership_request& join, member_id member,
                       generation_id generation, bool member_id_required);
  // False when the answer is stale: the assignment is not the member's.
  bool on_synced(const membership_request& sync, generation_id generation, int64_t now_ms);
  // A join or sync failed (an error answer or no answer in time).
  after_failure on_failed(const membership_request& request, errc code, int64_t now_ms);
  void on_heartbeat_ok(const membership_request& heartbeat, int64_t now_ms);
  after_failure on_heartbeat_failed(const membership_request& heartbeat, errc code,
                                    int64_t now_ms);
  // The connection to `node` went down: what went there gets no answer.
  // A join or sync is given up (find_coordinator), a heartbeat forgotten.
  after_failure on_connection_lost(node_id node, int64_t now_ms);

  // --- the member's own decisions
  // The lease ended while it owned partitions: it gave them up; a stable
  // member joins again at once.
  void lease_lost(int64_t now_ms);
  // A new subscription: the member joins again with it, at once.
  void rejoin();

  member_phase phase() const { return phase_; }
  const member_id& member() const { return member_; }
  generation_id generation() const { return generation_; }
  const member_lease& lease() const { return lease_; }

private:
  bool answers_membership(const membership_request& request) const;
  membership_request sent(int64_t now_ms, node_id coordinator);
  // Gives up the join or sync in flight: the member joins again after `backoff_ms`.
  void give_up_membership_request(int64_t now_ms, int64_t backoff_ms);
  // The group answered that the member's place is gone or moving.
  after_failure group_error(errc code, int64_t now_ms);

  membership_timing timing_;
  member_phase phase_ = member_phase::idle;
  member_id member_;
  generation_id generation_ = no_generation;
  member_lease lease_;
  uint64_t requests_sent_ = 0;
  std::optional<membership_request> membership_in_flight_; // a join or sync
  std::optional<membership_request> heartbeat_in_flight_;
  int64_t not_before_ms_ = 0; // the next join waits until then
  int64_t next_heartbeat_ms_ = 0;
};

} // namespace strom
