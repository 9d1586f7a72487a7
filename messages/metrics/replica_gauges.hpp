#pragma once
// Each replica's raft state as it last published it, for the node's gauges
// (partitions led, leaderless and under-replicated ones, followers' lag) and
// for its readiness (every replica has a leader and has caught up with it).
// The replica writes its slot after each step: a few relaxed stores, no
// lock. A scrape walks the board; a slot whose replica stopped is dropped.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace strom::metrics {

// A leader whose follower has not matched its commit index for this long
// counts its partition under-replicated (Kafka's replica.lag.time.max.ms).
inline constexpr int64_t follower_lag_time_max_ms = 10'000;

struct replica_slot {
  replica_slot(std::string topic_name, int32_t partition_index)
    : topic(std::move(topic_name)), partition(partition_index) {}

  const std::string topic; // "__controller" for the controller's group
  const int32_t partition;
  std::atomic<bool> leads{false};
  std::atomic<bool> has_leader{false};
  // Holds what its leader last said was committed (a follower), or leads.
  std::atomic<bool> caught_up{false};
  // A leader's: the most entries any follower lacks.
  std::atomic<int64_t> follower_lag_entries{0};
  // A leader's: since when (steady clock, ms) a follower has not matched its
  // commit index; 0 while every one does.
  std::atomic<int64_t> lagging_since_ms{0};
  // A partition's high watermark as this replica last applied it; -1 for
  // the controller's group. Consumer groups' lag is measured against it.
  std::atomic<int64_t> high_watermark{-1};
};

// Steady-clock milliseconds, the unit of lagging_since_ms.
int64_t steady_now_ms();

struct replica_totals {
  int64_t replicas = 0;
  int64_t led = 0;
  int64_t without_leader = 0;
  int64_t catching_up = 0;
  int64_t under_replicated = 0;
};

class replica_board {
public:
  std::shared_ptr<replica_slot> enroll(std::string topic, int32_t partition);
  // The slots whose replicas still run.
  std::vector<std::shared_ptr<replica_slot>> live();
  replica_totals totals(int64_t now_ms);

private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<replica_slot>> slots_;
};

// The process's board; its gauges are in the global registry from the first call.
replica_board& replicas();

} // namespace strom::metrics
