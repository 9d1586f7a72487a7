#pragma once
// What one replica tells /metrics (metrics/replica_gauges.hpp and the raft
// counters): its role and leader, whether it has caught up with what its
// leader committed, how far its followers lag, and how long a leader's
// proposals take to commit. Pure: the replica calls it around each step and
// after each drain; it reads the core and never changes it.

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <utility>

#include "actors/raft/core.hpp"
#include "messages/metrics/replica_gauges.hpp"

namespace strom {

// Proposals whose commit latency is still to be observed, at most: a leader
// that proposes faster than it commits samples the first ones.
inline constexpr size_t commit_samples_max = 4096;

class replica_watch {
public:
  using clock = std::chrono::steady_clock;

  // A null slot (metrics off, a bench's replica) makes every call a no-op.
  explicit replica_watch(std::shared_ptr<metrics::replica_slot> slot);

  // A message from a peer, before the core steps it: an append carries the
  // leader's commit index.
  void heard(const raft::message& m);
  // The leader proposed entries up to `last`.
  void proposed(raft_index last, clock::time_point now);
  // The core as it is now, and a partition's high watermark (-1: none).
  void publish(const raft::core& core, int64_t high_watermark, clock::time_point now);

private:
  void count_changes(const raft::core& core);
  void observe_commits(const raft::core& core, clock::time_point now);
  void publish_followers(const raft::core& core, int64_t now_ms);

  std::shared_ptr<metrics::replica_slot> slot_;
  term_id seen_term_;
  raft_index leader_commit_seen_;
  term_id last_term_;
  node_id last_leader_{-1};
  raft::role last_role_ = raft::role::follower;
  std::deque<std::pair<raft_index, clock::time_point>> proposals_;
  // A leader's: when each follower last matched the commit index (ms).
  std::map<node_id, int64_t> matched_at_ms_;
};

} // namespace strom
